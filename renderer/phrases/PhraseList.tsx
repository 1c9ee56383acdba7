import { useCallback, useEffect, useId, useImperativeHandle, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import { defaultRangeExtractor, useVirtualizer, type Range, type VirtualItem } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { PhraseGroup } from '../../main/phrases/types';
import { useFocusHome } from '../ui/focusReturn';
import { IconChevron } from '../ui/icons';
import { isComposing } from '../ui/keys';
import { treeCommand } from './listKeys';
import { focusOnPress, PHRASE_ROW_HEIGHT, PhraseItem, type PhraseActions } from './PhraseItem';
import { usePhrases, type PhraseRow } from './store';

/** Height of a group header row in px (one line). */
export const GROUP_ROW_HEIGHT = 32;

/** What the panel asks of a list: take focus on its current row (false when it has none). */
export interface ListHandle {
  focus(): boolean;
}

/** The virtualizer's item key of a row, also the row's stable identity for the current row. */
function rowKey(row: PhraseRow): string {
  return row.kind === 'group' ? `g${row.group.id}` : `p${row.phrase.id}`;
}

/** The current row: where it was, its key, and for a phrase its group header's key. */
interface Active {
  index: number;
  key: string;
  groupKey?: string;
}

function activeOf(rows: readonly PhraseRow[], index: number): Active | null {
  const row = rows[index];
  if (!row) return null;
  return row.kind === 'group' ? { index, key: rowKey(row) } : { index, key: rowKey(row), groupKey: `g${row.phrase.groupId}` };
}

/**
 * The current row after the rows changed (a group folded, a phrase deleted or moved): the same
 * row if it is still there — where it was, else wherever it went; a phrase whose group was folded
 * gives way to the group's header; else the row that took its place. -1 for an empty list.
 */
function resolveActive(rows: readonly PhraseRow[], active: Active | null): number {
  if (rows.length === 0) return -1;
  if (!active) return 0;
  const at = rows[active.index];
  if (at && rowKey(at) === active.key) return active.index;
  const moved = rows.findIndex((r) => rowKey(r) === active.key);
  if (moved >= 0) return moved;
  const header = active.groupKey ? rows.findIndex((r) => rowKey(r) === active.groupKey) : -1;
  const headerRow = rows[header];
  if (headerRow?.kind === 'group' && headerRow.collapsed) return header;
  return Math.min(active.index, rows.length - 1);
}

/** Rows drawn under one group header: the header's item and the phrase items that follow it. */
interface Segment {
  header: VirtualItem;
  phrases: VirtualItem[];
}

/**
 * The grouped list as a WAI-ARIA tree (https://www.w3.org/WAI/ARIA/apg/patterns/treeview/): each
 * group is a treeitem with aria-expanded that owns a `group` of phrase treeitems. It is virtual —
 * only the rows in view (plus a few) are in the DOM, so 100,000 phrases scroll as smoothly as 60 —
 * so every row also states its level, position and set size.
 *
 * One Tab stop (roving tabindex): the current row. ↑ ↓ Home End PageUp PageDown move, → ← open and
 * close groups, Enter inserts / Ctrl+Enter sends a phrase, Enter or Space folds a group, the menu
 * keys open the row's menu (`listKeys.ts`). The current row is always drawn, even when scrolled out
 * of view, so it keeps focus; a key that moves to a row not drawn yet draws it, scrolls it into view
 * and focuses it. ↑ on the first row calls `onLeaveTop` (back to the search box).
 */
export function PhraseList({
  actions,
  onGroupMenu,
  onLeaveTop,
  hidden = false,
  ref,
}: {
  actions: PhraseActions;
  onGroupMenu(group: PhraseGroup, x: number, y: number): void;
  onLeaveTop(): void;
  /** Kept mounted but hidden while search results show, so clearing the search is instant. */
  hidden?: boolean;
  ref?: Ref<ListHandle>;
}) {
  const { t } = useTranslation();
  const rows = usePhrases((s) => s.rows);
  const toggleGroup = usePhrases((s) => s.toggleGroup);
  const scrollRef = useRef<HTMLDivElement>(null);
  const baseId = useId();
  const [active, setActive] = useState<Active | null>(null);
  const activeIndex = useMemo(() => resolveActive(rows, active), [rows, active]);
  /** A key moved the current row: focus it once it is drawn. */
  const focusPending = useRef(false);
  /** The row that has focus, while focus is in the list (it may leave the DOM with focus in it). */
  const focusedRow = useRef<HTMLElement | null>(null);

  const getItemKey = useCallback((i: number) => rowKey(rows[i]!), [rows]);
  const estimateSize = useCallback((i: number) => (rows[i]!.kind === 'group' ? GROUP_ROW_HEIGHT : PHRASE_ROW_HEIGHT), [rows]);
  // The rows in view, plus: the header of the first one (a phrase is drawn inside its group's
  // treeitem) and the current row with its header (it keeps focus while scrolled away).
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      const extra: number[] = [];
      const headerOf = (i: number) => {
        const row = rows[i];
        return row?.kind === 'phrase' ? row.header : i;
      };
      if (indexes.length) extra.push(headerOf(indexes[0]!));
      if (activeIndex >= 0 && activeIndex < range.count) extra.push(headerOf(activeIndex), activeIndex);
      const drawn = new Set(indexes);
      const missing = extra.filter((i) => !drawn.has(i));
      return missing.length ? [...new Set([...indexes, ...missing])].sort((a, b) => a - b) : indexes;
    },
    [rows, activeIndex],
  );
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize,
    overscan: 4,
    // Stable between renders: the virtualizer recomputes every row's position (O(rows), ~20 ms for
    // 100,000) whenever this function changes identity.
    getItemKey,
    rangeExtractor,
  });

  const rowId = (row: PhraseRow) => `${baseId}-${rowKey(row)}`;
  const rowElement = (index: number) => scrollRef.current?.querySelector<HTMLElement>(`[data-row="${index}"]`) ?? null;

  function moveTo(index: number) {
    const next = activeOf(rows, index);
    if (!next) return;
    setActive(next);
    focusPending.current = true;
  }

  function focusCurrent(): boolean {
    if (hidden || activeIndex < 0) return false;
    // A new state object re-renders, so the pending focus is applied even if the row is the same.
    moveTo(activeIndex);
    return true;
  }

  useImperativeHandle(ref, () => ({ focus: focusCurrent }));
  useFocusHome(scrollRef, focusCurrent);

  // Scroll the current row into view and focus it, after the render that drew it. Also when its
  // element was replaced or removed while focus was in the list (a group folded over the focused
  // phrase, a deleted row): focus must not fall to <body>.
  useLayoutEffect(() => {
    const lost = !!focusedRow.current && !focusedRow.current.isConnected && (document.activeElement === document.body || document.activeElement === null);
    if ((!focusPending.current && !lost) || activeIndex < 0 || hidden) return;
    focusPending.current = false;
    virtualizer.scrollToIndex(activeIndex, { align: 'auto' });
    rowElement(activeIndex)?.focus({ preventScroll: true });
  });

  const revealId = usePhrases((s) => s.revealId);
  useEffect(() => {
    if (revealId === null) return;
    const index = rows.findIndex((r) => r.kind === 'phrase' && r.phrase.id === revealId);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'center' });
    // Only when a new phrase is to be revealed, not on every list change.
  }, [revealId]);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (isComposing(e.nativeEvent) || activeIndex < 0) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 0) / PHRASE_ROW_HEIGHT) - 1);
    const command = treeCommand(rows, activeIndex, e, page);
    // Space would scroll the list.
    if (!command) {
      if (e.key === ' ') e.preventDefault();
      return;
    }
    e.preventDefault();
    e.stopPropagation();
    const row = rows[command.kind === 'leave' ? activeIndex : command.index]!;
    switch (command.kind) {
      case 'leave':
        onLeaveTop();
        return;
      case 'focus':
        moveTo(command.index);
        return;
      case 'toggle':
        if (row.kind === 'group') toggleGroup(row.group.id);
        return;
      case 'menu': {
        const r = rowElement(command.index)?.getBoundingClientRect();
        const x = r ? r.left + 24 : 0;
        const y = r ? r.top + Math.min(r.height, row.kind === 'group' ? GROUP_ROW_HEIGHT : PHRASE_ROW_HEIGHT) : 0;
        if (row.kind === 'group') onGroupMenu(row.group, x, y);
        else actions.openMenu(row.phrase, x, y);
        return;
      }
      case 'insert':
      case 'send':
        if (row.kind === 'phrase') actions.use(row.phrase, command.kind, 'key');
        return;
    }
  }

  // Group the drawn items under their headers (the range extractor always draws a phrase's header
  // before it, so the last header seen is the phrase's own).
  const segments: Segment[] = [];
  for (const item of virtualizer.getVirtualItems()) {
    const row = rows[item.index];
    if (!row) continue;
    if (row.kind === 'group') segments.push({ header: item, phrases: [] });
    else segments[segments.length - 1]?.phrases.push(item);
  }

  return (
    <div
      className="phrase-scroll"
      ref={scrollRef}
      role="tree"
      aria-label={t('phrases.listLabel')}
      hidden={hidden}
      onKeyDown={onKeyDown}
      onFocus={(e) => {
        focusedRow.current = e.target as HTMLElement;
        // By key: the current row may be one the state only resolves to (a folded phrase's header).
        const next = activeOf(rows, Number((e.target as HTMLElement).dataset.row));
        if (next && (next.key !== active?.key || next.index !== active.index)) setActive(next);
      }}
      onBlur={(e) => {
        // Focus moved elsewhere (or nowhere: a click on blank space, another window); a row removed
        // from the DOM with focus in it is the case the layout effect above repairs.
        if (!(e.relatedTarget instanceof Node && e.currentTarget.contains(e.relatedTarget)) && (e.target as HTMLElement).isConnected) focusedRow.current = null;
      }}
    >
      <div className="virtual-space" style={{ height: virtualizer.getTotalSize() }}>
        {segments.map(({ header, phrases }) => {
          const row = rows[header.index] as Extract<PhraseRow, { kind: 'group' }>;
          const name = row.group.isDefault ? t('phrases.defaultGroup') : row.group.name;
          return (
            <div
              key={header.key}
              role="treeitem"
              id={rowId(row)}
              data-row={header.index}
              tabIndex={header.index === activeIndex ? 0 : -1}
              aria-level={1}
              aria-posinset={row.posInSet}
              aria-setsize={row.setSize}
              aria-expanded={!row.collapsed}
              aria-label={t('groups.nodeLabel', { name, count: row.group.phraseCount })}
              className="virtual-row group-node"
              style={{ transform: `translateY(${header.start}px)`, height: header.size }}
              onMouseDown={(e) => {
                // Only presses on the header itself; its phrases focus themselves.
                if (e.target instanceof Element && e.target.closest('.group-header')) focusOnPress(e);
              }}
            >
              <div
                className="group-header"
                onClick={() => toggleGroup(row.group.id)}
                onContextMenu={(e) => {
                  e.preventDefault();
                  onGroupMenu(row.group, e.clientX, e.clientY);
                }}
              >
                <IconChevron open={!row.collapsed} />
                <span className="group-name">{name}</span>
                <span className="group-count">{row.group.phraseCount}</span>
              </div>
              {!row.collapsed && (
                <div role="group">
                  {phrases.map((v) => {
                    const phraseRow = rows[v.index] as Extract<PhraseRow, { kind: 'phrase' }>;
                    return (
                      <div
                        key={v.key}
                        className={`virtual-row phrase${phraseRow.phrase.id === revealId ? ' revealed' : ''}`}
                        // Placed inside the group's treeitem, which is itself moved to its header's place.
                        style={{ transform: `translateY(${v.start - header.start}px)`, height: v.size }}
                      >
                        <PhraseItem
                          role="treeitem"
                          id={rowId(phraseRow)}
                          index={v.index}
                          tabIndex={v.index === activeIndex ? 0 : -1}
                          level={2}
                          posInSet={phraseRow.posInSet}
                          setSize={phraseRow.setSize}
                          phrase={phraseRow.phrase}
                          actions={actions}
                        />
                      </div>
                    );
                  })}
                </div>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
