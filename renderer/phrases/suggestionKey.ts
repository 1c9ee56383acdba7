/**
 * The keys of 推荐回复 (docs/chat-window.md "Suggested replies"): Alt+1…Alt+3, read by the
 * physical key — on a Mac ⌥1 types ¡ and `key` says so, `code` still says Digit1.
 */

/** Suggestions shown, and keys Alt+1…Alt+SUGGESTIONS. */
export const SUGGESTIONS = 3;

/**
 * The 0-based suggestion that key press `e` asks for, or null: Alt with a digit 1…3 of the main
 * row or the number pad, and no other modifier (Ctrl+Alt is AltGr on many European layouts).
 */
export function suggestionKey(e: { altKey: boolean; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; code: string }): number | null {
  if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return null;
  const m = /^(?:Digit|Numpad)([1-9])$/.exec(e.code);
  const n = m ? Number(m[1]) : 0;
  return n >= 1 && n <= SUGGESTIONS ? n - 1 : null;
}
