import { isMenuKey, isPlain, type KeyPress } from '../ui/keys';
import type { PhraseRow } from './store';

/**
 * What a key does in the phrase tree (the grouped list) or the search results (a listbox). Kept
 * apart from the components so the rules can be read and tested on their own. The keys follow the
 * WAI-ARIA APG tree view pattern (https://www.w3.org/WAI/ARIA/apg/patterns/treeview/#keyboardinteraction)
 * and listbox pattern (https://www.w3.org/WAI/ARIA/apg/patterns/listbox/#keyboardinteraction), plus
 * what the panel does with a phrase: Enter inserts it into the composer, Ctrl+Enter (⌘Enter) sends
 * it, the Menu key or Shift+F10 opens its 编辑 / 删除 menu — the keyboard twins of click, double-click
 * and right-click.
 */
export type ListCommand =
  /** Move focus to the row at `index`. */
  | { kind: 'focus'; index: number }
  /** Open or close the group whose header is at `index`. */
  | { kind: 'toggle'; index: number }
  | { kind: 'insert'; index: number }
  | { kind: 'send'; index: number }
  | { kind: 'menu'; index: number }
  /** ↑ on the first row: back to the search box above the list. */
  | { kind: 'leave' };

/**
 * Movement shared by both lists: ↑ ↓ one row, Home / End, PageUp / PageDown by `page` rows.
 * `index` is the focused row (0 ≤ index < count); null when the key does not move.
 */
function move(count: number, index: number, k: KeyPress, page: number): ListCommand | null {
  if (!isPlain(k) || count === 0) return null;
  const last = count - 1;
  switch (k.key) {
    case 'ArrowDown':
      return { kind: 'focus', index: Math.min(index + 1, last) };
    case 'ArrowUp':
      return index <= 0 ? { kind: 'leave' } : { kind: 'focus', index: index - 1 };
    case 'Home':
      return { kind: 'focus', index: 0 };
    case 'End':
      return { kind: 'focus', index: last };
    case 'PageDown':
      return { kind: 'focus', index: Math.min(index + Math.max(page, 1), last) };
    case 'PageUp':
      return { kind: 'focus', index: Math.max(index - Math.max(page, 1), 0) };
    default:
      return null;
  }
}

/** Enter, Ctrl+Enter (⌘Enter) and the menu keys on a phrase row at `index`. */
function phraseCommand(index: number, k: KeyPress): ListCommand | null {
  if (isMenuKey(k)) return { kind: 'menu', index };
  if (k.key !== 'Enter' || k.shiftKey || k.altKey) return null;
  if (k.ctrlKey || k.metaKey) return { kind: 'send', index };
  return { kind: 'insert', index };
}

/** The command for a key in the search results (`count` rows, the row at `index` focused). */
export function listCommand(count: number, index: number, k: KeyPress, page: number): ListCommand | null {
  if (count === 0) return null;
  return move(count, index, k, page) ?? phraseCommand(index, k);
}

/**
 * The command for a key in the grouped list. On a group header: → opens a closed group or moves
 * to its first phrase, ← closes an open group, Enter or Space opens / closes it, the menu keys open
 * the group's menu. On a phrase: ← moves to its group's header.
 */
export function treeCommand(rows: readonly PhraseRow[], index: number, k: KeyPress, page: number): ListCommand | null {
  const row = rows[index];
  if (!row) return null;
  const moved = move(rows.length, index, k, page);
  if (moved) return moved;
  if (row.kind === 'phrase') {
    if (k.key === 'ArrowLeft' && isPlain(k)) return { kind: 'focus', index: row.header };
    return phraseCommand(index, k);
  }
  if (isMenuKey(k)) return { kind: 'menu', index };
  if (!isPlain(k)) return null;
  switch (k.key) {
    case 'ArrowRight':
      if (row.collapsed) return { kind: 'toggle', index };
      return rows[index + 1]?.kind === 'phrase' ? { kind: 'focus', index: index + 1 } : null;
    case 'ArrowLeft':
      return row.collapsed ? null : { kind: 'toggle', index };
    case 'Enter':
    case ' ':
      return { kind: 'toggle', index };
    default:
      return null;
  }
}
