import { useCallback, useEffect, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { PhraseGroup } from '../../main/phrases/types';
import { IconChevron } from '../ui/icons';
import { PhraseItem, type PhraseActions } from './PhraseItem';
import { usePhrases } from './store';

/** Row height in px (compact desktop rows). */
export const ROW_HEIGHT = 32;

/**
 * The grouped list, virtualised: only the rows in view (plus a few) are in the DOM, so 100,000
 * phrases scroll as smoothly as 60. Clicking a group header folds it.
 */
export function PhraseList({
  actions,
  onGroupMenu,
  hidden = false,
}: {
  actions: PhraseActions;
  onGroupMenu(group: PhraseGroup, x: number, y: number): void;
  /** Kept mounted but hidden while search results show, so clearing the search is instant. */
  hidden?: boolean;
}) {
  const { t } = useTranslation();
  const rows = usePhrases((s) => s.rows);
  const toggleGroup = usePhrases((s) => s.toggleGroup);
  const scrollRef = useRef<HTMLDivElement>(null);
  const getItemKey = useCallback(
    (i: number) => {
      const row = rows[i]!;
      return row.kind === 'group' ? `g${row.group.id}` : `p${row.phrase.id}`;
    },
    [rows],
  );
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 4,
    // Stable between renders: the virtualizer recomputes every row's position (O(rows), ~20 ms for
    // 100,000) whenever this function changes identity.
    getItemKey,
  });

  const revealId = usePhrases((s) => s.revealId);
  useEffect(() => {
    if (revealId === null) return;
    const index = rows.findIndex((r) => r.kind === 'phrase' && r.phrase.id === revealId);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'center' });
    // Only when a new phrase is to be revealed, not on every list change.
  }, [revealId]);

  return (
    <div className="phrase-scroll" ref={scrollRef} role="list" aria-label={t('phrases.listLabel')} hidden={hidden}>
      <div className="virtual-space" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((v) => {
          const row = rows[v.index]!;
          return (
            <div
              key={v.key}
              role="listitem"
              className={`virtual-row ${row.kind}${row.kind === 'phrase' && row.phrase.id === revealId ? ' revealed' : ''}`} style={{ transform: `translateY(${v.start}px)`, height: v.size }}>
              {row.kind === 'group' ? (
                <button
                  type="button"
                  className="group-header"
                  aria-expanded={!row.collapsed}
                  onClick={() => toggleGroup(row.group.id)}
                  onContextMenu={(e) => {
                    e.preventDefault();
                    onGroupMenu(row.group, e.clientX, e.clientY);
                  }}
                >
                  <IconChevron open={!row.collapsed} />
                  <span className="group-name">{row.group.isDefault ? t('phrases.defaultGroup') : row.group.name}</span>
                  <span className="group-count">{row.group.phraseCount}</span>
                </button>
              ) : (
                <PhraseItem phrase={row.phrase} actions={actions} />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
