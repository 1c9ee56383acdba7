import { useCallback, useId, useImperativeHandle, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import { errorText } from '../app/i18n';
import { useFocusHome } from '../ui/focusReturn';
import { isComposing } from '../ui/keys';
import { codePrefixLength, matchRanges, queryTerms, snippet } from './highlight';
import { listCommand } from './listKeys';
import { PHRASE_ROW_HEIGHT, PhraseItem, type PhraseActions } from './PhraseItem';
import type { ListHandle } from './PhraseList';
import { SEARCH_LIMIT, usePhrases } from './store';

/**
 * Ranked results of the search box (`phrases.search`, at most {@link SEARCH_LIMIT}), with the total
 * count and the matches marked. Marks are computed only for the rows being drawn.
 *
 * A WAI-ARIA listbox (https://www.w3.org/WAI/ARIA/apg/patterns/listbox/), one Tab stop: ↓ from the
 * search box lands on the first result, ↑ ↓ Home End PageUp PageDown move, ↑ on the first result
 * goes back to the search box (`onLeaveTop`), Enter inserts, Ctrl+Enter sends, the menu keys open
 * 编辑 / 删除. The current result is always drawn, so it keeps focus while scrolled away.
 */
export function SearchResults({ actions, onLeaveTop, ref }: { actions: PhraseActions; onLeaveTop(): void; ref?: Ref<ListHandle> }) {
  const { t } = useTranslation();
  const results = usePhrases((s) => s.results);
  const resultsQuery = usePhrases((s) => s.resultsQuery);
  const searchError = usePhrases((s) => s.searchError);
  const defaultGroupId = usePhrases((s) => s.groups.find((g) => g.isDefault)?.id);
  const terms = useMemo(() => queryTerms(resultsQuery), [resultsQuery]);
  const hits = results?.hits ?? [];
  const scrollRef = useRef<HTMLDivElement>(null);
  const baseId = useId();
  // The current result, by position; a new query starts again at the first.
  const [active, setActive] = useState({ index: 0, query: resultsQuery });
  const activeIndex = hits.length === 0 ? -1 : active.query === resultsQuery ? Math.min(active.index, hits.length - 1) : 0;
  const focusPending = useRef(false);
  /** The row that has focus, while focus is in the list (it may leave the DOM with focus in it). */
  const focusedRow = useRef<HTMLElement | null>(null);

  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (activeIndex < 0 || activeIndex >= range.count || indexes.includes(activeIndex)) return indexes;
      return [...indexes, activeIndex].sort((a, b) => a - b);
    },
    [activeIndex],
  );
  const virtualizer = useVirtualizer({
    count: hits.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => PHRASE_ROW_HEIGHT,
    overscan: 4,
    rangeExtractor,
    // Keyed by position, not phrase id: a new keystroke then updates the drawn rows' text in place
    // instead of removing and creating every row (most of the cost of painting new results).
  });

  const rowElement = (index: number) => scrollRef.current?.querySelector<HTMLElement>(`[data-row="${index}"]`) ?? null;

  function moveTo(index: number) {
    setActive({ index, query: resultsQuery });
    focusPending.current = true;
  }

  function focusCurrent(): boolean {
    if (activeIndex < 0) return false;
    moveTo(activeIndex);
    return true;
  }

  useImperativeHandle(ref, () => ({ focus: focusCurrent }));
  useFocusHome(scrollRef, focusCurrent);

  useLayoutEffect(() => {
    const lost = !!focusedRow.current && !focusedRow.current.isConnected && (document.activeElement === document.body || document.activeElement === null);
    if (!focusPending.current && !lost) return;
    focusPending.current = false;
    if (activeIndex < 0) {
      // The results went while focus was in them (the last one deleted, a new query found none).
      if (lost) onLeaveTop();
      focusedRow.current = null;
      return;
    }
    virtualizer.scrollToIndex(activeIndex, { align: 'auto' });
    rowElement(activeIndex)?.focus({ preventScroll: true });
  });

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (isComposing(e.nativeEvent) || activeIndex < 0) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 0) / PHRASE_ROW_HEIGHT) - 1);
    const command = listCommand(hits.length, activeIndex, e, page);
    if (!command) {
      if (e.key === ' ') e.preventDefault();
      return;
    }
    e.preventDefault();
    e.stopPropagation();
    if (command.kind === 'leave') {
      onLeaveTop();
      return;
    }
    const phrase = hits[command.index]!.phrase;
    switch (command.kind) {
      case 'focus':
        moveTo(command.index);
        return;
      case 'menu': {
        const r = rowElement(command.index)?.getBoundingClientRect();
        actions.openMenu(phrase, r ? r.left + 24 : 0, r ? r.bottom : 0);
        return;
      }
      case 'insert':
      case 'send':
        actions.use(phrase, command.kind, 'key');
        return;
    }
  }

  if (searchError) {
    return (
      <p className="panel-message error" role="alert">
        {errorText(searchError)}
      </p>
    );
  }
  if (!results) return <div className="phrase-scroll" aria-busy="true" />;
  const total = results.total;
  return (
    <>
      <p className="result-count" role="status">
        {total > hits.length ? t('phrases.resultCountLimited', { count: total, shown: hits.length }) : t('phrases.resultCount', { count: total })}
      </p>
      {total === 0 ? (
        <p className="panel-message">{t('phrases.noResults', { query: resultsQuery.trim() })}</p>
      ) : (
        <div
          className="phrase-scroll"
          ref={scrollRef}
          role="listbox"
          aria-label={t('phrases.resultsLabel')}
          onKeyDown={onKeyDown}
          onFocus={(e) => {
            focusedRow.current = e.target as HTMLElement;
            const index = Number((e.target as HTMLElement).dataset.row);
            if (Number.isInteger(index) && index !== activeIndex) setActive({ index, query: resultsQuery });
          }}
          onBlur={(e) => {
            // Focus moved elsewhere (or nowhere: a click on blank space, another window); a row removed
        // from the DOM with focus in it is the case the layout effect above repairs.
        if (!(e.relatedTarget instanceof Node && e.currentTarget.contains(e.relatedTarget)) && (e.target as HTMLElement).isConnected) focusedRow.current = null;
          }}
        >
          <div className="virtual-space" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((v) => {
              const hit = hits[v.index]!;
              const code = hit.phrase.shortcutCode;
              const shown = snippet(hit.phrase.content, matchRanges(hit.phrase.content, terms));
              return (
                <div key={v.key} className="virtual-row phrase result" style={{ transform: `translateY(${v.start}px)`, height: v.size }}>
                  <PhraseItem
                    role="option"
                    id={`${baseId}-${v.index}`}
                    index={v.index}
                    tabIndex={v.index === activeIndex ? 0 : -1}
                    selected={v.index === activeIndex}
                    posInSet={v.index + 1}
                    setSize={hits.length}
                    phrase={hit.phrase}
                    actions={actions}
                    ranges={shown.ranges}
                    displayText={shown.text}
                    codeMark={hit.codeMatch && code ? codePrefixLength(code, terms) : 0}
                    groupLabel={hit.phrase.groupId === defaultGroupId ? t('phrases.defaultGroup') : hit.phrase.groupName}
                  />
                </div>
              );
            })}
          </div>
        </div>
      )}
    </>
  );
}
