import type { KeyPress } from './keys';

/**
 * Where focus goes in a two-dimensional grid of `count` cells laid out `columns` to a row (the last
 * row may be short), following the WAI-ARIA APG grid pattern
 * (https://www.w3.org/WAI/ARIA/apg/patterns/grid/#keyboardinteraction-forlayoutgrids):
 * ← → move one cell and, as in a layout grid of pickable items, continue on the previous or next
 * row; ↑ ↓ move one row in the same column (↓ into a short last row lands on its last cell);
 * Home / End go to the row's first / last cell, Ctrl+Home / Ctrl+End to the grid's.
 * Returns the new index, or null when the key is not a grid key (or `count` is 0). An index that
 * cannot move (← on the first cell) is returned unchanged, so the key is still consumed.
 */
export function gridMove(index: number, k: KeyPress, count: number, columns: number): number | null {
  if (count <= 0 || columns <= 0) return null;
  const i = Math.min(Math.max(index, 0), count - 1);
  const rowStart = i - (i % columns);
  const ctrl = k.ctrlKey || k.metaKey;
  if (k.altKey || k.shiftKey) return null;
  switch (k.key) {
    case 'ArrowLeft':
      return ctrl ? null : Math.max(i - 1, 0);
    case 'ArrowRight':
      return ctrl ? null : Math.min(i + 1, count - 1);
    case 'ArrowUp':
      return ctrl ? null : i - columns >= 0 ? i - columns : i;
    case 'ArrowDown': {
      if (ctrl) return null;
      if (i + columns < count) return i + columns;
      // A short last row: from a column it lacks, ↓ goes to its last cell.
      return rowStart + columns < count ? count - 1 : i;
    }
    case 'Home':
      return ctrl ? 0 : rowStart;
    case 'End':
      return ctrl ? count - 1 : Math.min(rowStart + columns - 1, count - 1);
    default:
      return null;
  }
}
