import type { KeyPress } from '../ui/keys';

/** Which key sends (聊天设置, setting `sendKey`): Enter (Ctrl+Enter a new line, the default) or Ctrl+Enter (Enter a new line). */
export type SendKey = 'enter' | 'ctrlEnter';

/**
 * What an Enter in the composer does under `sendKey`: `send`, `newline` (inserted by us, since a
 * textarea ignores Ctrl+Enter), or null — leave it to the textarea (a plain Enter that is a new
 * line; Shift+Enter, always a new line, as in Qianniu). Alt+Enter and other keys: null. ⌘ counts
 * as Ctrl on macOS.
 */
export function enterAction(k: KeyPress, sendKey: SendKey): 'send' | 'newline' | null {
  if (k.key !== 'Enter' || k.altKey) return null;
  const ctrl = k.ctrlKey || k.metaKey;
  const sends = sendKey === 'enter' ? !ctrl && !k.shiftKey : ctrl && !k.shiftKey;
  if (sends) return 'send';
  return ctrl ? 'newline' : null;
}
