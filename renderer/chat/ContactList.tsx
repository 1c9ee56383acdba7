import { memo, useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Contact } from '../../main/chat/types';
import { IconSearch } from '../ui/icons';
import { isComposing } from '../ui/keys';
import { RichText } from '../ui/RichText';
import { useChat } from './store';
import { contactTime } from './time';
import { useHistorySearch } from './historySearch';

/** A contact row's height, px (fixed: two lines). */
const ROW_HEIGHT = 60;
/** Rows from the end at which the next page is asked for. */
const PREFETCH_ROWS = 10;

/** The channel of scripted buyers (docs/chat-window.md "Simulated buyers"). */
export const SIMULATOR_CHANNEL = 'simulator';

/**
 * 最近联系: the contact list, newest activity first — avatar, nickname (a 模拟买家 badge on
 * simulated buyers), last message and its time, the unread badge. A listbox (its accessible name
 * is 最近联系): ↑ ↓ Home End move, Enter opens the conversation and puts the caret in the
 * composer; a click opens it too. Virtualised and paged, so 20,000 conversations cost one page.
 * The search box above filters by nickname (or buyer id) in main.
 */
export function ContactList() {
  const { t, i18n } = useTranslation();
  const contacts = useChat((s) => s.contacts);
  const activeId = useChat((s) => s.activeId);
  const status = useChat((s) => s.contactsStatus);
  const error = useChat((s) => s.contactsError);
  const more = useChat((s) => s.moreContacts);
  const query = useChat((s) => s.contactQuery);
  const timeZone = useChat((s) => s.variables?.timeZone);
  const scrollRef = useRef<HTMLDivElement>(null);
  const listId = useId();
  const [cursor, setCursor] = useState(0);
  const [text, setText] = useState(query);

  useEffect(() => {
    if (useChat.getState().contactsStatus === 'idle') void useChat.getState().loadContacts();
  }, []);

  // The filter is asked of main a moment after the last keystroke.
  useEffect(() => {
    if (text === useChat.getState().contactQuery) return;
    const h = setTimeout(() => useChat.getState().setContactQuery(text), 150);
    return () => clearTimeout(h);
  }, [text]);

  const virtualizer = useVirtualizer({
    count: contacts.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    getItemKey: (i) => contacts[i]!.conversationId,
  });
  const items = virtualizer.getVirtualItems();
  const lastShown = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (more && lastShown >= contacts.length - PREFETCH_ROWS) void useChat.getState().loadMoreContacts();
  }, [more, lastShown, contacts.length]);

  const at = Math.min(cursor, Math.max(0, contacts.length - 1));

  // Stable, so a row whose contact did not change is not rendered again (see ContactRow).
  const contactsRef = useRef(contacts);
  contactsRef.current = contacts;
  const openRow = useCallback((i: number, focusComposer: boolean) => {
    const c = contactsRef.current[i];
    if (!c) return;
    setCursor(i);
    void useChat.getState().open(c.conversationId);
    if (focusComposer) useChat.setState((s) => ({ focusTick: s.focusTick + 1 }));
  }, []);
  const clickRow = useCallback((i: number) => openRow(i, false), [openRow]);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (isComposing(e.nativeEvent) || e.ctrlKey || e.metaKey || e.altKey) return;
    const n = contacts.length;
    if (!n) return;
    let next = at;
    switch (e.key) {
      case 'ArrowDown':
        next = Math.min(n - 1, at + 1);
        break;
      case 'ArrowUp':
        next = Math.max(0, at - 1);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = n - 1;
        break;
      case 'PageDown':
        next = Math.min(n - 1, at + 8);
        break;
      case 'PageUp':
        next = Math.max(0, at - 8);
        break;
      case 'Enter':
      case ' ':
        e.preventDefault();
        openRow(at, true);
        return;
      default:
        return;
    }
    e.preventDefault();
    setCursor(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  }

  const words = { yesterday: t('chat.yesterday') };
  const now = Date.now();

  return (
    <nav className="contact-column" aria-label={t('chat.contacts')}>
      <div className="contact-tools">
        <label className="contact-search">
          <IconSearch />
          <input
            type="search"
            value={text}
            aria-label={t('chat.searchContacts')}
            placeholder={t('chat.searchContacts')}
            onChange={(e) => setText(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown' && contacts.length) {
                e.preventDefault();
                scrollRef.current?.focus();
              }
            }}
          />
        </label>
        <button
          type="button"
          className="tool-button history-button"
          title={`${t('history.panel.title')} (Ctrl+Shift+F)`}
          aria-label={t('history.panel.title')}
          aria-keyshortcuts="Control+Shift+F"
          onClick={() => useHistorySearch.getState().show()}
        >
          {t('history.panel.button')}
        </button>
      </div>
      <div
        ref={scrollRef}
        className="contact-list"
        role="listbox"
        tabIndex={0}
        aria-label={t('chat.contacts')}
        aria-activedescendant={contacts.length ? `${listId}-${contacts[at]!.conversationId}` : undefined}
        onKeyDown={onKeyDown}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const c = contacts[item.index]!;
            return (
              <ContactRow
                key={item.key}
                id={`${listId}-${c.conversationId}`}
                contact={c}
                selected={c.conversationId === activeId}
                cursor={item.index === at}
                top={item.start}
                time={c.lastMessage && timeZone ? contactTime(c.lastMessage.createdAt, now, timeZone, i18n.language, words.yesterday) : ''}
                setSize={contacts.length}
                index={item.index}
                onOpen={clickRow}
                t={t}
              />
            );
          })}
        </div>
        {status === 'ready' && contacts.length === 0 && <p className="contact-empty">{query ? t('chat.noContactMatch') : t('chat.noContacts')}</p>}
        {status === 'error' && error && (
          <p className="contact-empty" role="alert">
            {error}
          </p>
        )}
      </div>
    </nav>
  );
}

/** What a contact row's second line says: the last message, marked when it was ours or automatic. */
function previewOf(c: Contact, t: (k: 'chat.previewMe' | 'chat.previewAuto') => string): { prefix: string; body: string } {
  const m = c.lastMessage;
  if (!m) return { prefix: '', body: '' };
  const prefix = m.sender === 'autoReply' ? t('chat.previewAuto') : m.sender === 'agent' ? t('chat.previewMe') : '';
  // One line: line breaks read as spaces.
  return { prefix, body: m.body.replace(/\s+/g, ' ').slice(0, 120) };
}

/** What a row shows and says, for one contact at one time (its position aside). */
interface RowText {
  name: string;
  simulated: boolean;
  prefix: string;
  body: string;
  unread: string;
  label: string;
}

function rowText(c: Contact, time: string, t: TFunction): RowText {
  const name = c.buyer.nickname ?? c.buyer.buyerId;
  const simulated = c.buyer.channel === SIMULATOR_CHANNEL;
  const { prefix, body } = previewOf(c, t);
  // Read out as one line: who, what kind of buyer, how much is waiting, and what was said last.
  const label = [
    name,
    simulated ? t('chat.simulated') : '',
    c.unread ? t('chat.unreadCount', { count: c.unread }) : '',
    c.closed ? t('chat.closed') : '',
    body ? prefix + body.slice(0, 60) : '',
    time,
  ]
    .filter(Boolean)
    .join('，');
  return { name, simulated, prefix, body, unread: c.unread > 99 ? '99+' : String(c.unread), label };
}

/**
 * One row. Memoised, with its text worked out once per contact and time: a new message moves its
 * contact to the top and every row above it down one, and during a peak (200 buyers writing at
 * once) that happens many times a second — a moved row only changes its offset and position.
 * `t` comes from the list (a translation hook per row cost more than the row itself).
 */
const ContactRow = memo(function ContactRow(props: {
  id: string;
  contact: Contact;
  selected: boolean;
  cursor: boolean;
  top: number;
  time: string;
  setSize: number;
  index: number;
  onOpen(index: number): void;
  t: TFunction;
}) {
  const { contact: c, time, t, index, onOpen } = props;
  const text = useMemo(() => rowText(c, time, t), [c, time, t]);
  const content = useMemo(
    () => (
      <>
        <div className="contact-avatar" aria-hidden="true">
          {[...text.name][0]}
        </div>
        <div className="contact-main">
          <div className="contact-line">
            <span className="contact-name">{text.name}</span>
            {text.simulated && <span className="sim-badge">{t('chat.simulated')}</span>}
            <span className="contact-time">{time}</span>
          </div>
          <div className="contact-line">
            <span className="contact-preview">
              {c.closed && <span className="closed-tag">{t('chat.closed')}</span>}
              {text.prefix}
              <RichText text={text.body} />
            </span>
            {c.unread > 0 && (
              <span className="unread-badge" aria-hidden="true">
                {text.unread}
              </span>
            )}
          </div>
        </div>
      </>
    ),
    [c, time, t, text],
  );
  const open = useCallback(() => onOpen(index), [onOpen, index]);
  return (
    <div
      id={props.id}
      role="option"
      aria-selected={props.selected}
      aria-label={text.label}
      aria-setsize={props.setSize}
      aria-posinset={index + 1}
      className={`contact-row${props.selected ? ' selected' : ''}${props.cursor ? ' cursor' : ''}${c.unread ? ' has-unread' : ''}`}
      style={{ transform: `translateY(${props.top}px)` }}
      onClick={open}
    >
      {content}
    </div>
  );
});
