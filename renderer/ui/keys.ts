/**
 * Key handling shared by the lists, the emoticon grid and the window-wide shortcuts: which keys a
 * keydown carries, and the platform's primary modifier (⌘ on macOS, Ctrl elsewhere — the
 * convention of every desktop app, e.g. Chromium's own Find is Ctrl+F / ⌘F).
 */

/** The parts of a keydown that navigation looks at (a DOM or React KeyboardEvent fits). */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** True when no modifier is held. */
export function isPlain(k: KeyPress): boolean {
  return !k.ctrlKey && !k.metaKey && !k.altKey && !k.shiftKey;
}

/**
 * True for the keys that open an element's context menu from the keyboard: the Menu key
 * (`ContextMenu`) and Shift+F10 (WAI-ARIA APG, "Keyboard Interaction" of the menu button pattern;
 * Windows and GNOME use both).
 */
export function isMenuKey(k: KeyPress): boolean {
  return k.key === 'ContextMenu' || (k.key === 'F10' && k.shiftKey && !k.ctrlKey && !k.metaKey && !k.altKey);
}

/**
 * True while an input method is composing (拼音 candidates are showing): the keys belong to the IME.
 * Chromium reports `isComposing`, and keyCode 229 for the keydown that starts a composition
 * (https://developer.mozilla.org/docs/Web/API/Element/keydown_event#keydown_events_with_ime).
 */
export function isComposing(e: { isComposing?: boolean; keyCode?: number }): boolean {
  return e.isComposing === true || e.keyCode === 229;
}

/** True on macOS, where ⌘ plays the part Ctrl plays elsewhere. */
export function isMacPlatform(nav: { platform?: string; userAgent?: string } = navigator): boolean {
  return /Mac|iPhone|iPad/i.test(nav.platform || nav.userAgent || '');
}

/**
 * True for the platform's primary modifier with `letter` and nothing else: Ctrl+F on Windows and
 * Linux, ⌘F on macOS. `code` (the physical key) is checked too, so the shortcut works whatever
 * keyboard layout or input method is active.
 */
export function isPrimaryShortcut(e: KeyPress & { code?: string }, letter: string, mac = isMacPlatform()): boolean {
  const primary = mac ? e.metaKey && !e.ctrlKey : e.ctrlKey && !e.metaKey;
  if (!primary || e.altKey || e.shiftKey) return false;
  return e.key.toLowerCase() === letter.toLowerCase() || e.code === `Key${letter.toUpperCase()}`;
}

/** How the shortcut is written on this platform: `Ctrl+F`, or `⌘F` on macOS. */
export function primaryShortcutLabel(letter: string, mac = isMacPlatform()): string {
  return mac ? `⌘${letter.toUpperCase()}` : `Ctrl+${letter.toUpperCase()}`;
}
