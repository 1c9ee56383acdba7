import { useMemo, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import { errorText } from '../app/i18n';
import { codePrefixLength, matchRanges, queryTerms, snippet } from './highlight';
import { PhraseItem, type PhraseActions } from './PhraseItem';
import { ROW_HEIGHT } from './PhraseList';
import { SEARCH_LIMIT, usePhrases } from './store';

/**
 * Ranked results of the search box (`phrases.search`, at most {@link SEARCH_LIMIT}), with the total
 * count and the matches marked. Marks are computed only for the rows being drawn.
 */
export function SearchResults({ actions }: { actions: PhraseActions }) {
  const { t } = useTranslation();
  const results = usePhrases((s) => s.results);
  const resultsQuery = usePhrases((s) => s.resultsQuery);
  const searchError = usePhrases((s) => s.searchError);
  const defaultGroupId = usePhrases((s) => s.groups.find((g) => g.isDefault)?.id);
  const terms = useMemo(() => queryTerms(resultsQuery), [resultsQuery]);
  const hits = results?.hits ?? [];
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: hits.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 4,
    // Keyed by position, not phrase id: a new keystroke then updates the drawn rows' text in place
    // instead of removing and creating every row (most of the cost of painting new results).
  });

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
        <div className="phrase-scroll" ref={scrollRef} role="list" aria-label={t('phrases.resultsLabel')}>
          <div className="virtual-space" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((v) => {
              const hit = hits[v.index]!;
              const code = hit.phrase.shortcutCode;
              const shown = snippet(hit.phrase.content, matchRanges(hit.phrase.content, terms));
              return (
                <div key={v.key} role="listitem" className="virtual-row phrase result" style={{ transform: `translateY(${v.start}px)`, height: v.size }}>
                  <PhraseItem
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
