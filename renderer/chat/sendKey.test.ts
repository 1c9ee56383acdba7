import { describe, expect, it } from 'vitest';
import { enterAction } from './sendKey';

const key = (mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}, k = 'Enter') => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('the send key', () => {
  it('enter: Enter sends, Ctrl+Enter (⌘+Enter) is a new line, Shift+Enter the textarea’s new line', () => {
    expect(enterAction(key(), 'enter')).toBe('send');
    expect(enterAction(key({ ctrlKey: true }), 'enter')).toBe('newline');
    expect(enterAction(key({ metaKey: true }), 'enter')).toBe('newline');
    expect(enterAction(key({ shiftKey: true }), 'enter')).toBeNull();
  });

  it('ctrlEnter: swapped — Ctrl+Enter sends, Enter is the textarea’s new line', () => {
    expect(enterAction(key({ ctrlKey: true }), 'ctrlEnter')).toBe('send');
    expect(enterAction(key({ metaKey: true }), 'ctrlEnter')).toBe('send');
    expect(enterAction(key(), 'ctrlEnter')).toBeNull();
    expect(enterAction(key({ shiftKey: true }), 'ctrlEnter')).toBeNull();
  });

  it('leaves Alt+Enter and other keys alone', () => {
    expect(enterAction(key({ altKey: true }), 'enter')).toBeNull();
    expect(enterAction(key({}, 'a'), 'enter')).toBeNull();
  });
});
