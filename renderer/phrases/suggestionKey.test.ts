import { describe, expect, it } from 'vitest';
import { suggestionKey } from './suggestionKey';

const press = (code: string, mods: Partial<{ altKey: boolean; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }> = {}) => ({
  altKey: true,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  code,
  ...mods,
});

describe('suggestionKey', () => {
  it('Alt+1…3 on the main row or the number pad pick suggestions 0…2', () => {
    expect(['Digit1', 'Digit2', 'Digit3', 'Numpad1', 'Numpad3'].map((c) => suggestionKey(press(c)))).toEqual([0, 1, 2, 0, 2]);
  });
  it('nothing else does: no Alt, another modifier (AltGr is Ctrl+Alt), another digit or key', () => {
    expect(suggestionKey(press('Digit1', { altKey: false }))).toBeNull();
    expect(suggestionKey(press('Digit1', { ctrlKey: true }))).toBeNull();
    expect(suggestionKey(press('Digit1', { metaKey: true }))).toBeNull();
    expect(suggestionKey(press('Digit1', { shiftKey: true }))).toBeNull();
    expect(suggestionKey(press('Digit4'))).toBeNull();
    expect(suggestionKey(press('Digit0'))).toBeNull();
    expect(suggestionKey(press('KeyA'))).toBeNull();
  });
});
