import { useEffect, useId, useLayoutEffect, useRef, useState, type ChangeEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { getApi } from '../api/client';
import { useConnected } from '../api/connection';
import type { Phrase } from '../../main/phrases/types';
import { hasEmoticon } from '../phrases/emoticons';
import { usePhrases } from '../phrases/store';
import { EmoticonPicker } from '../ui/EmoticonPicker';
import { IconQuick } from '../ui/icons';
import { RichText } from '../ui/RichText';
import { hasVariables, variableSegments, type VariableValues } from '../../main/shared/variables';
import { useChat } from './store';
import { localDateTime } from './time';
import { enterAction } from './sendKey';
import { useSettings } from '../settings/store';

/** The stored name of the default group (main/phrases/rules.ts), shown translated. */
const DEFAULT_GROUP_NAME = '默认分组';
import { errorText } from '../app/i18n';

/** Suggestions shown for a `/code` token. */
const SUGGEST_LIMIT = 8;
/** `/` then the start of a code (letters of any script, digits, - _), right before the caret. */
const TOKEN = /(?:^|\s)\/([\p{L}\p{M}\p{Nd}_-]{0,32})$/u;

interface Suggest {
  /** Offsets of the `/xxx` token in the draft. */
  start: number;
  end: number;
  query: string;
  hits: Phrase[];
  active: number;
}

let suggestSeq = 0;

/**
 * The composer of the open conversation: toolbar (表情, 快捷短语), the text field, a preview (emoji,
 * and reply variables filled — a variable without a value is marked as a gap, with 基本设置 one
 * click away, and the text is not sent) and 发送. Enter sends and Ctrl+Enter starts a new line, as
 * in Qianniu's chat window, or the other way round (`sendKey`, 聊天设置). Each conversation keeps
 * its own draft (the store swaps them). Typing `/` and the start of a shortcut
 * code opens suggestions above the field (↑ ↓ move, Enter or Tab picks, Esc closes).
 */
export function Composer() {
  const { t } = useTranslation();
  const draft = useChat((s) => s.draft);
  const focusTick = useChat((s) => s.focusTick);
  const panelOpen = usePhrases((s) => s.panelOpen);
  const connected = useConnected();
  const activeId = useChat((s) => s.activeId);
  const sendKey = useSettings((s) => s.values.sendKey);
  const gaps = useChat((s) => s.gaps);
  const sendError = useChat((s) => s.sendError);
  const variables = useChat((s) => s.variables);
  const active = useChat((s) => s.active);
  const togglePanel = usePhrases((s) => s.togglePanel);
  const ref = useRef<HTMLTextAreaElement>(null);
  const [suggest, setSuggest] = useState<Suggest | null>(null);
  /** Why suggestions could not be fetched (the host went away …), shown where the list would be. */
  const [suggestError, setSuggestError] = useState<string | null>(null);
  /** The token start the agent dismissed with Esc; stays closed until the token changes. */
  const dismissed = useRef<number | null>(null);
  const listId = useId();

  // Something outside moved the text (a phrase click, an emoticon, a pick): focus and restore caret.
  useLayoutEffect(() => {
    if (focusTick === 0) return;
    const el = ref.current;
    if (!el) return;
    const { selection } = useChat.getState();
    el.focus();
    el.setSelectionRange(selection.start, selection.end);
  }, [focusTick]);

  function updateSuggest(text: string, caret: number) {
    const m = TOKEN.exec(text.slice(0, caret));
    const query = m?.[1];
    // A bare `/` waits for the first character: an empty query would list phrases in list order,
    // not the ranking suggestions promise (docs/phrases.md "Search").
    if (m === null || query === undefined || query === '') {
      dismissed.current = null;
      setSuggestError(null);
      suggestSeq++;
      setSuggest(null);
      return;
    }
    const start = caret - query.length - 1;
    if (dismissed.current === start) return;
    dismissed.current = null;
    const seq = ++suggestSeq;
    getApi()
      .invoke('phrases.search', { query, limit: SUGGEST_LIMIT })
      .then((r) => {
        if (seq !== suggestSeq) return;
        setSuggestError(null);
        setSuggest(r.hits.length ? { start, end: caret, query, hits: r.hits.map((h) => h.phrase), active: 0 } : null);
      })
      .catch((e: unknown) => {
        if (seq === suggestSeq) setSuggestError(errorText(e));
      });
  }

  function onChange(e: ChangeEvent<HTMLTextAreaElement>) {
    const el = e.currentTarget;
    useChat.getState().setDraft(el.value, { start: el.selectionStart, end: el.selectionEnd });
    updateSuggest(el.value, el.selectionStart);
  }

  function onSelect() {
    const el = ref.current;
    if (!el) return;
    useChat.getState().setSelection({ start: el.selectionStart, end: el.selectionEnd });
  }

  function pick(phrase: Phrase) {
    if (!suggest) return;
    // The list may answer an older keystroke (`/m` while the draft says `/mt`): replace the `/code`
    // token as it stands now, not the range the list was computed for.
    const { draft, selection } = useChat.getState();
    const m = TOKEN.exec(draft.slice(0, selection.start));
    if (!m || m[1] === undefined) return;
    const start = selection.start - m[1].length - 1;
    useChat.getState().replaceRange(start, selection.start, phrase.content, 'phrase');
    usePhrases.getState().recordUse(phrase.id);
    suggestSeq++;
    setSuggest(null);
  }

  function send() {
    if (useChat.getState().send()) {
      suggestSeq++;
      setSuggest(null);
    }
  }

  /** The `/code` token right before the caret as the draft stands now, or null. */
  function tokenNow(): { start: number; query: string } | null {
    const { draft, selection } = useChat.getState();
    const m = TOKEN.exec(draft.slice(0, selection.start));
    if (!m || !m[1]) return null;
    return { start: selection.start - m[1].length - 1, query: m[1] };
  }

  /**
   * Enter or Tab on a `/code` whose suggestions are not in yet, or answer an older keystroke (a
   * fast typist's `/bz` + Enter while the list still shows `/b`'s): ask for the token as it stands
   * and take the top hit — the phrase whose code it is, when there is one — so a wrong phrase never
   * goes in. Without a hit, Enter sends the text as typed and Tab does nothing. Typing on before
   * the answer cancels the pick.
   */
  async function pickForToken(token: { start: number; query: string }, key: 'Enter' | 'Tab'): Promise<void> {
    const seq = ++suggestSeq;
    setSuggest(null);
    const before = useChat.getState();
    try {
      const r = await getApi().invoke('phrases.search', { query: token.query, limit: SUGGEST_LIMIT });
      const now = useChat.getState();
      if (seq !== suggestSeq || now.draft !== before.draft || now.selection.start !== before.selection.start) return;
      const top = r.hits[0]?.phrase;
      if (top) {
        useChat.getState().replaceRange(token.start, now.selection.start, top.content, 'phrase');
        usePhrases.getState().recordUse(top.id);
      } else if (key === 'Enter') {
        send();
      }
    } catch (e) {
      if (seq === suggestSeq) setSuggestError(errorText(e));
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    // An IME is composing (拼音 candidates): Enter belongs to it.
    if (e.nativeEvent.isComposing || e.keyCode === 229) return;
    const plain = !e.ctrlKey && !e.shiftKey && !e.altKey && !e.metaKey;
    const pickKey = plain && (e.key === 'Enter' || e.key === 'Tab');
    if (pickKey) {
      const token = tokenNow();
      // A list for an older keystroke that the arrows have not touched: ask for the token as it
      // stands. No list yet (its answer is on the way): Enter asks too; Tab does not, so that Tab
      // still moves on from a `/word` that matches nothing.
      const stale = !!suggest && !!token && suggest.query !== token.query && suggest.active === 0;
      const pending = !suggest && e.key === 'Enter';
      if (token && dismissed.current !== token.start && (stale || pending)) {
        e.preventDefault();
        void pickForToken(token, e.key === 'Tab' ? 'Tab' : 'Enter');
        return;
      }
    }
    if (suggest) {
      const n = suggest.hits.length;
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const active = (suggest.active + (e.key === 'ArrowDown' ? 1 : -1) + n) % n;
        setSuggest({ ...suggest, active });
        return;
      }
      // A row the agent chose with the arrows is taken as chosen, even from a list one keystroke old.
      if (pickKey) {
        e.preventDefault();
        pick(suggest.hits[suggest.active]!);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        dismissed.current = suggest.start;
        suggestSeq++;
        setSuggest(null);
        return;
      }
    }
    // 聊天设置's send key: Enter sends and Ctrl+Enter is a newline, or the other way round.
    const action = enterAction(e, sendKey);
    if (action === 'send') {
      e.preventDefault();
      send();
    } else if (action === 'newline') {
      e.preventDefault();
      useChat.getState().insert('\n');
    }
  }

  // Close the popup when the composer loses focus (a click elsewhere), but not for a click inside it.
  useEffect(() => {
    if (!suggest) return;
    const el = ref.current;
    const onBlur = () => {
      suggestSeq++;
      setSuggest(null);
    };
    el?.addEventListener('blur', onBlur);
    return () => el?.removeEventListener('blur', onBlur);
  }, [suggest]);

  const activeOption = suggest ? `${listId}-${suggest.active}` : undefined;
  const blank = !draft.trim();
  const values: VariableValues | null = variables
    ? { buyer: variables.buyer, agent: variables.agent, shop: variables.shop, ...localDateTime(Date.now(), variables.timeZone) }
    : active
      ? { buyer: active.buyer.nickname ?? active.buyer.buyerId, agent: null, shop: null, date: null, time: null }
      : null;
  const withVariables = hasVariables(draft);
  const missing = values && withVariables ? [...new Set(variableSegments(draft, values).flatMap((s) => (s.kind === 'variable' && s.value === null ? [s.name] : [])))] : [];
  const shownGaps = gaps.length ? gaps : missing;

  return (
    <section className="composer" aria-label={t('chat.composer')}>
      {suggestError && !suggest && (
        <p className="suggest suggest-error" role="alert">
          {suggestError}
        </p>
      )}
      {suggest && (
        <ul className="suggest" id={listId} role="listbox" aria-label={t('chat.suggestions')}>
          {suggest.hits.map((p, i) => (
            <li
              key={p.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === suggest.active}
              className={i === suggest.active ? 'active' : undefined}
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => setSuggest({ ...suggest, active: i })}
              onClick={() => pick(p)}
            >
              <span className={`code-tag${p.shortcutCode ? '' : ' empty'}`}>{p.shortcutCode ? `/${p.shortcutCode}` : '—'}</span>
              <span className="suggest-content" title={p.content}>
                <RichText text={p.content} />
              </span>
              <span className="suggest-group">{p.groupName === DEFAULT_GROUP_NAME ? t('phrases.defaultGroup') : p.groupName}</span>
            </li>
          ))}
        </ul>
      )}
      <div className="composer-toolbar" role="toolbar" aria-label={t('chat.toolbar')}>
        <EmoticonPicker onPick={(code) => useChat.getState().insert(code)} />
        <button
          type="button"
          className={`tool-button labelled${panelOpen ? ' pressed' : ''}`}
          aria-pressed={panelOpen}
          onClick={togglePanel}
        >
          <IconQuick />
          <span>{t('phrases.title')}</span>
        </button>
        <span className="composer-hint">{t(sendKey === 'enter' ? 'chat.hint' : 'chat.hintCtrlEnter')}</span>
      </div>
      {sendError && (
        <p className="composer-alert" role="alert">
          {sendError}
        </p>
      )}
      {shownGaps.length > 0 && (
        <p className={`composer-gap${gaps.length ? ' blocked' : ''}`} role={gaps.length ? 'alert' : 'status'}>
          <span>{t('chat.gap', { names: shownGaps.map((n) => t(`chat.variable.${n}`)).join(t('chat.listSeparator')) })}</span>
          <button type="button" className="link-button" onClick={() => useChat.getState().openSettings('general')}>
            {t('chat.openGeneralSettings')}
          </button>
        </p>
      )}
      {(hasEmoticon(draft) || (withVariables && values)) && (
        <div className="composer-preview" role="region" aria-label={t('chat.preview')}>
          <span className="preview-label">{t('chat.preview')}</span>
          <span className="preview-text">
            {values && withVariables ? (
              variableSegments(draft, values).map((seg, i) =>
                seg.kind === 'text' ? (
                  <RichText key={i} text={seg.text} />
                ) : seg.value === null ? (
                  <mark key={i} className="variable-gap" title={t('chat.gapTitle', { name: t(`chat.variable.${seg.name}`) })}>
                    {`{${seg.name}}`}
                  </mark>
                ) : (
                  <span key={i} className="variable-value">
                    {seg.value}
                  </span>
                ),
              )
            ) : (
              <RichText text={draft} />
            )}
          </span>
        </div>
      )}
      <textarea
        ref={ref}
        // The agent types first: the window opens with the caret here.
        autoFocus
        className="composer-input"
        value={draft}
        aria-label={t('chat.input')}
        placeholder={activeId === null ? t('chat.placeholderNoConversation') : t('chat.placeholder')}
        aria-autocomplete="list"
        aria-controls={suggest ? listId : undefined}
        aria-activedescendant={activeOption}
        onChange={onChange}
        onSelect={onSelect}
        onKeyDown={onKeyDown}
      />
      <div className="composer-actions">
        <button type="button" className="button primary send-button" onClick={send} disabled={blank || !connected || activeId === null || missing.length > 0}>
          {t('chat.send')}
        </button>
      </div>
    </section>
  );
}
