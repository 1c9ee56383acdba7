import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { matchRanges, queryTerms, snippet } from '../phrases/highlight';
import { Dialog } from '../ui/Dialog';
import { isComposing, isPrimaryShortcut } from '../ui/keys';
import { RichText } from '../ui/RichText';
import { useHistorySearch } from './historySearch';
import { useChat } from './store';
import { clockTime, dayKey } from './time';

/**
 * 聊天记录 search (Ctrl+Shift+F, or the 聊天记录 button over the contact list): a query over every
 * conversation, hits newest first with the matched terms marked. ↑ ↓ move through the hits, Enter
 * or a click opens that conversation at that message with its neighbours around it
 * (`chat.around`), scrolled into view and briefly highlighted.
 */
export function HistorySearch() {
  const { t } = useTranslation();
  const open = useHistorySearch((s) => s.open);
  const query = useHistorySearch((s) => s.query);
  const hits = useHistorySearch((s) => s.hits);
  const status = useHistorySearch((s) => s.status);
  const error = useHistorySearch((s) => s.error);
  const answered = useHistorySearch((s) => s.answered);
  const timeZone = useChat((s) => s.variables?.timeZone) ?? 'UTC';
  const [active, setActive] = useState(0);
  const listId = useId();
  const listRef = useRef<HTMLUListElement>(null);

  useEffect(() => {
    if (!open) return;
    const h = setTimeout(() => void useHistorySearch.getState().search(), 200);
    return () => clearTimeout(h);
  }, [query, open]);
  useEffect(() => setActive(0), [hits]);
  useEffect(() => {
    listRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  if (!open) return null;
  const terms = queryTerms(answered);

  function choose(i: number) {
    const hit = useHistorySearch.getState().hits[i];
    if (!hit) return;
    useHistorySearch.getState().hide();
    void useChat.getState().openAt(hit.message.id);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (isComposing(e.nativeEvent)) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!hits.length) return;
      setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : -1) + hits.length) % hits.length);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      choose(active);
    }
  }

  const activeId = hits.length ? `${listId}-${active}` : undefined;

  return (
    <Dialog title={t('history.panel.title')} onClose={() => useHistorySearch.getState().hide()} width={620} className="history-dialog">
      <input
        type="search"
        className="input history-input"
        data-autofocus
        value={query}
        aria-label={t('history.panel.query')}
        placeholder={t('history.panel.placeholder')}
        role="combobox"
        aria-expanded={hits.length > 0}
        aria-controls={listId}
        aria-activedescendant={activeId}
        aria-autocomplete="list"
        onChange={(e) => useHistorySearch.getState().setQuery(e.currentTarget.value)}
        onKeyDown={onKeyDown}
      />
      <p className="history-status" role="status">
        {status === 'searching'
          ? t('history.panel.searching')
          : status === 'done'
            ? hits.length
              ? t('history.panel.found', { count: hits.length })
              : t('history.panel.noHits')
            : status === 'error'
              ? error
              : t('history.panel.hint')}
      </p>
      <ul ref={listRef} className="history-hits" id={listId} role="listbox" aria-label={t('history.panel.hits')}>
        {hits.map((h, i) => {
          const name = h.buyer.nickname ?? h.buyer.buyerId;
          const shown = snippet(h.message.body.replace(/\s+/g, ' '), matchRanges(h.message.body.replace(/\s+/g, ' '), terms));
          // The conversation is named by its buyer; our side's lines say who of us wrote them.
          const who = h.message.sender === 'buyer' ? null : h.message.sender === 'autoReply' ? t('chat.autoReply') : t('chat.me');
          return (
            <li
              key={h.message.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={`history-hit${i === active ? ' active' : ''}`}
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => setActive(i)}
              onClick={() => choose(i)}
            >
              <div className="history-hit-meta">
                <span className="history-hit-buyer">{name}</span>
                {who && <span className="history-hit-who">{who}</span>}
                <time dateTime={new Date(h.message.createdAt).toISOString()}>
                  {dayKey(h.message.createdAt, timeZone)} {clockTime(h.message.createdAt, timeZone)}
                </time>
              </div>
              <div className="history-hit-text">
                <RichText text={shown.text} ranges={shown.ranges} />
              </div>
            </li>
          );
        })}
      </ul>
    </Dialog>
  );
}

/**
 * Ctrl+Shift+F (⌘⇧F) anywhere opens 聊天记录 search — Ctrl+F stays the quick-phrase search, as
 * code editors pair "find" with "find in files". Not while a modal dialog owns the keyboard.
 */
export function useHistoryShortcut(): void {
  useEffect(() => {
    const onKeyDown = (e: globalThis.KeyboardEvent) => {
      if (e.defaultPrevented || isComposing(e) || !e.shiftKey || !isPrimaryShortcut({ key: e.key, code: e.code, ctrlKey: e.ctrlKey, metaKey: e.metaKey, altKey: e.altKey, shiftKey: false }, 'f')) return;
      if (document.querySelector('[aria-modal="true"]')) return;
      e.preventDefault();
      useHistorySearch.getState().show();
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, []);
}

