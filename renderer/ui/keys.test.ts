import { describe, expect, it } from 'vitest';
import { gridMove } from './gridNav';
import { isComposing, isMacPlatform, isPrimaryShortcut, primaryShortcutLabel, type KeyPress } from './keys';

const key = (k: string, mods: Partial<KeyPress> & { code?: string } = {}) => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

describe('isPrimaryShortcut', () => {
  it('is Ctrl+F on Windows and Linux, ⌘F on macOS, and nothing with another modifier', () => {
    expect(isPrimaryShortcut(key('f', { ctrlKey: true }), 'f', false)).toBe(true);
    expect(isPrimaryShortcut(key('F', { ctrlKey: true }), 'f', false)).toBe(true);
    expect(isPrimaryShortcut(key('f', { metaKey: true }), 'f', false)).toBe(false);
    expect(isPrimaryShortcut(key('f', { metaKey: true }), 'f', true)).toBe(true);
    expect(isPrimaryShortcut(key('f', { ctrlKey: true }), 'f', true)).toBe(false);
    expect(isPrimaryShortcut(key('f', { ctrlKey: true, shiftKey: true }), 'f', false)).toBe(false);
    expect(isPrimaryShortcut(key('f', { ctrlKey: true, altKey: true }), 'f', false)).toBe(false);
    expect(isPrimaryShortcut(key('f'), 'f', false)).toBe(false);
  });

  it('follows the physical key on another layout (Cyrillic а on the F key)', () => {
    expect(isPrimaryShortcut(key('а', { ctrlKey: true, code: 'KeyF' }), 'f', false)).toBe(true);
    expect(isPrimaryShortcut(key('а', { ctrlKey: true, code: 'KeyA' }), 'f', false)).toBe(false);
  });

  it('labels the shortcut for the platform and tells macOS apart', () => {
    expect(primaryShortcutLabel('f', false)).toBe('Ctrl+F');
    expect(primaryShortcutLabel('f', true)).toBe('⌘F');
    expect(isMacPlatform({ platform: 'MacIntel' })).toBe(true);
    expect(isMacPlatform({ platform: 'Win32' })).toBe(false);
    expect(isMacPlatform({ platform: '', userAgent: 'Mozilla/5.0 (X11; Linux x86_64)' })).toBe(false);
  });

  it('sees an IME composition by its flag or by keyCode 229', () => {
    expect(isComposing({ isComposing: true })).toBe(true);
    expect(isComposing({ isComposing: false, keyCode: 229 })).toBe(true);
    expect(isComposing({ isComposing: false, keyCode: 40 })).toBe(false);
  });
});

describe('gridMove (26 emoticons, 9 to a row: rows 0–8, 9–17, 18–25)', () => {
  const move = (i: number, k: string, mods: Partial<KeyPress> = {}) => gridMove(i, key(k, mods), 26, 9);

  it('← → step one cell and continue on the next or previous row, stopping at the ends', () => {
    expect(move(0, 'ArrowRight')).toBe(1);
    expect(move(8, 'ArrowRight')).toBe(9);
    expect(move(9, 'ArrowLeft')).toBe(8);
    expect(move(0, 'ArrowLeft')).toBe(0);
    expect(move(25, 'ArrowRight')).toBe(25);
  });

  it('↑ ↓ keep the column; ↓ into the short last row lands on its last cell', () => {
    expect(move(1, 'ArrowDown')).toBe(10);
    expect(move(10, 'ArrowUp')).toBe(1);
    expect(move(3, 'ArrowUp')).toBe(3);
    expect(move(16, 'ArrowDown')).toBe(25);
    expect(move(17, 'ArrowDown')).toBe(25);
    expect(move(20, 'ArrowDown')).toBe(20);
  });

  it('Home / End go to the row’s ends, Ctrl+Home / Ctrl+End to the grid’s', () => {
    expect(move(12, 'Home')).toBe(9);
    expect(move(12, 'End')).toBe(17);
    expect(move(20, 'End')).toBe(25);
    expect(move(12, 'Home', { ctrlKey: true })).toBe(0);
    expect(move(12, 'End', { ctrlKey: true })).toBe(25);
  });

  it('ignores other keys, modified arrows and an empty grid', () => {
    expect(move(3, 'Enter')).toBeNull();
    expect(move(3, 'ArrowDown', { shiftKey: true })).toBeNull();
    expect(gridMove(0, key('ArrowDown'), 0, 9)).toBeNull();
  });
});
