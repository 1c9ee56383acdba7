import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import { useConnected } from '../api/connection';
import { errorText } from '../app/i18n';
import { Dialog } from '../ui/Dialog';
import { Menu } from '../ui/Menu';
import { SIMULATOR_CHANNEL } from './ContactList';
import { MessageText } from './MessageText';
import { openExternal } from './links';
import { useChat, type ShownMessage } from './store';
import { clockTime, dayKey, dayLabel } from './time';
import { getApi } from '../api/client';
import { useLocale } from '../app/i18n';

/** A row of the conversation: a day separator or a message. */
type Row = { kind: 'day'; key: string; at: number } | { kind: 'message'; key: string; message: ShownMessage };

/** Distance from the top (px) at which older history is asked for. */
const LOAD_OLDER_PX = 400;
/** Distance from the bottom (px) within which the view follows new messages. */
const STICK_PX = 48;

/** Messages interleaved with a separator at each new local day. */
function rowsOf(messages: readonly ShownMessage[], timeZone: string): Row[] {
  const rows: Row[] = [];
  let day = '';
  for (const m of messages) {
    const d = dayKey(m.createdAt, timeZone);
    if (d !== day) {
      rows.push({ kind: 'day', key: `d${d}`, at: m.createdAt });
      day = d;
    }
    rows.push({ kind: 'message', key: m.local ? `c${m.clientId}` : `m${m.id}`, message: m });
  }
  return rows;
}

/**
 * The open conversation: header (the buyer, 模拟买家 when simulated, 导出聊天记录, 结束会话) and the
 * messages — buyer on the left, ours on the right, auto-replies marked 自动回复 — with day
 * separators and times in the agent's time zone. Virtualised (only the rows in view and a few
 * around them are in the DOM, so 10,000 messages cost what 30 do); scrolling up pages older
 * history in and keeps what the agent was reading where it was.
 */
export function Conversation() {
  const { t } = useTranslation();
  const activeId = useChat((s) => s.activeId);
  const active = useChat((s) => s.active);
  const messages = useChat((s) => s.messages);
  const hasOlder = useChat((s) => s.hasOlder);
  const hasNewer = useChat((s) => s.hasNewer);
  const loading = useChat((s) => s.loadingOlder);
  const openTick = useChat((s) => s.openTick);
  const focusMessageId = useChat((s) => s.focusMessageId);
  const error = useChat((s) => s.conversationError);
  const timeZone = useChat((s) => s.variables?.timeZone) ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const locale = useLocale((s) => s.locale);
  const connected = useConnected();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [confirmUrl, setConfirmUrl] = useState<string | null>(null);
  const [exportMenu, setExportMenu] = useState<{ x: number; y: number } | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const exportButton = useRef<HTMLButtonElement>(null);

  const rows = useMemo(() => rowsOf(messages, timeZone), [messages, timeZone]);
  const getItemKey = useCallback((i: number) => rows[i]!.key, [rows]);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (rows[i]!.kind === 'day' ? 36 : 72),
    overscan: 6,
    getItemKey,
  });

  // Where the view stands, to decide after a change whether to follow the bottom or hold still.
  const atBottom = useRef(true);
  const lastKey = useRef<string | null>(null);
  /** The first loaded message's row and its offset in the canvas, as of the last render. */
  const firstMessage = useRef<{ key: string; start: number } | null>(null);

  // Opened (or jumped to a hit): to the bottom, or to the hit in the middle.
  useLayoutEffect(() => {
    if (!openTick) return;
    const target = focusMessageId === null ? -1 : rows.findIndex((r) => r.kind === 'message' && r.message.id === focusMessageId);
    atBottom.current = target < 0;
    const go = () => virtualizer.scrollToIndex(target >= 0 ? target : rows.length - 1, { align: target >= 0 ? 'center' : 'end' });
    go();
    // Rows are measured as they render: settle once more after the first paint.
    const h = requestAnimationFrame(go);
    return () => cancelAnimationFrame(h);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- on open only
  }, [openTick]);

  // Older history came in above: move the view down by exactly what was inserted, so the rows the
  // agent was reading stay where they were. Newer messages at the bottom: follow them when the
  // view was at the bottom.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    const prev = firstMessage.current;
    const last = rows[rows.length - 1]?.key ?? null;
    const at = prev ? rows.findIndex((r) => r.key === prev.key) : -1;
    if (el && prev && at >= 0 && last === lastKey.current) {
      const moved = (virtualizer.measurementsCache[at]?.start ?? prev.start) - prev.start;
      if (moved) el.scrollTop += moved;
    } else if (el && last !== lastKey.current && atBottom.current && lastKey.current !== null) {
      virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
    }
    lastKey.current = last;
  }, [rows, virtualizer]);

  // After every render (rows measured since move the offsets): where the first message now is.
  useLayoutEffect(() => {
    const i = rows.findIndex((r) => r.kind === 'message');
    firstMessage.current = i < 0 ? null : { key: rows[i]!.key, start: virtualizer.measurementsCache[i]?.start ?? 0 };
  });

  // The window or the composer was resized, or rows re-wrapped: a view at the bottom stays there.
  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => {
      if (atBottom.current) el.scrollTop = el.scrollHeight;
    });
    ro.observe(el);
    if (el.firstElementChild) ro.observe(el.firstElementChild);
    return () => ro.disconnect();
  }, [activeId]);

  function onScroll() {
    const el = scrollRef.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_PX;
    if (el.scrollTop < LOAD_OLDER_PX && hasOlder && !loading) void useChat.getState().loadOlder();
    if (el.scrollHeight - el.scrollTop - el.clientHeight < LOAD_OLDER_PX && hasNewer && !loading) void useChat.getState().loadNewer();
  }

  // A short conversation never scrolls: ask for the next page while the view is not full.
  useEffect(() => {
    const el = scrollRef.current;
    if (el && hasOlder && !loading && el.scrollHeight <= el.clientHeight + LOAD_OLDER_PX) void useChat.getState().loadOlder();
  }, [rows.length, hasOlder, loading]);

  async function exportAs(format: 'json' | 'csv' | 'txt') {
    if (activeId === null) return;
    setExportError(null);
    try {
      const { text, fileName } = await getApi().invoke('chat.exportConversation', { conversationId: activeId, format, locale });
      const type = format === 'json' ? 'application/json' : format === 'csv' ? 'text/csv' : 'text/plain';
      const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setExportError(errorText(e));
    }
  }

  if (activeId === null) {
    return (
      <section className="conversation" aria-label={t('chat.conversation')}>
        <div className="conversation-empty">
          <p>{t('chat.pickContact')}</p>
        </div>
      </section>
    );
  }

  const name = active ? (active.buyer.nickname ?? active.buyer.buyerId) : '';
  const simulated = active?.buyer.channel === SIMULATOR_CHANNEL;
  const now = Date.now();
  const words = { today: t('chat.today'), yesterday: t('chat.yesterday') };

  return (
    <section className="conversation" aria-label={t('chat.conversationWith', { name })}>
      <header className="conversation-header">
        <div className="buyer-avatar" aria-hidden="true">
          {[...name][0]}
        </div>
        <div className="conversation-heading">
          <h1 className="conversation-title">
            {name}
            {simulated && <span className="sim-badge">{t('chat.simulated')}</span>}
            {active?.closed && <span className="closed-tag">{t('chat.closed')}</span>}
          </h1>
          <p className="conversation-subtitle">{active ? t('chat.buyerId', { id: active.buyer.buyerId }) : ''}</p>
        </div>
        <span className="spacer" />
        <button
          ref={exportButton}
          type="button"
          className="button small"
          aria-haspopup="menu"
          aria-expanded={!!exportMenu}
          disabled={!connected}
          onClick={() => {
            const r = exportButton.current?.getBoundingClientRect();
            setExportMenu(r ? { x: r.left, y: r.bottom + 4 } : { x: 0, y: 0 });
          }}
        >
          {t('chat.export')}
        </button>
        <button type="button" className="button small" disabled={!connected || !!active?.closed} onClick={() => void useChat.getState().close()}>
          {t('chat.closeConversation')}
        </button>
      </header>
      {exportMenu && (
        <Menu
          x={exportMenu.x}
          y={exportMenu.y}
          label={t('chat.export')}
          onClose={() => setExportMenu(null)}
          items={(['txt', 'csv', 'json'] as const).map((f) => ({ key: f, label: t(`chat.exportAs.${f}`), onSelect: () => void exportAs(f) }))}
        />
      )}
      {(error || exportError) && (
        <p className="conversation-error" role="alert">
          {error ?? exportError}
        </p>
      )}
      <div
        ref={scrollRef}
        className="message-scroll"
        tabIndex={0}
        role="list"
        aria-label={t('chat.messages')}
        aria-busy={loading}
        onScroll={onScroll}
      >
        <div className="message-canvas" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]!;
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className="message-slot"
                style={{ transform: `translateY(${item.start}px)` }}
                role="listitem"
              >
                {row.kind === 'day' ? (
                  <div className="day-separator">
                    <span>{dayLabel(row.at, now, timeZone, locale, words)}</span>
                  </div>
                ) : (
                  <MessageRow message={row.message} buyerName={name} timeZone={timeZone} flash={row.message.id === focusMessageId} onLink={setConfirmUrl} />
                )}
              </div>
            );
          })}
        </div>
      </div>
      {confirmUrl && (
        <Dialog
          title={t('chat.openLink')}
          onClose={() => setConfirmUrl(null)}
          width={460}
          footer={
            <>
              <button type="button" className="button" data-autofocus onClick={() => setConfirmUrl(null)}>
                {t('app.cancel')}
              </button>
              <button
                type="button"
                className="button primary"
                onClick={() => {
                  openExternal(confirmUrl);
                  setConfirmUrl(null);
                }}
              >
                {t('chat.openLinkConfirm')}
              </button>
            </>
          }
        >
          <p className="link-warning">{t('chat.openLinkWarning')}</p>
          <p className="link-address">{confirmUrl}</p>
        </Dialog>
      )}
    </section>
  );
}

/** What a delivery state reads as (glossary: 发送中 / 发送失败 / 已送达 / 已读). */
const STATE_KEY = { pending: 'chat.state.pending', failed: 'chat.state.failed', sent: 'chat.state.delivered', delivered: 'chat.state.delivered', read: 'chat.state.read' } as const;

function MessageRow({ message: m, buyerName, timeZone, flash, onLink }: { message: ShownMessage; buyerName: string; timeZone: string; flash: boolean; onLink(url: string): void }) {
  const { t } = useTranslation();
  const connected = useConnected();
  const side = m.sender === 'buyer' ? 'buyer' : m.sender === 'autoReply' ? 'auto' : 'agent';
  const who = m.sender === 'buyer' ? buyerName : t('chat.me');
  return (
    <div className={`message ${side}${flash ? ' flash' : ''}`} data-message-id={m.local ? undefined : m.id}>
      <div className="message-meta">
        <span className="message-who">{who}</span>
        {m.sender === 'autoReply' && <span className="auto-tag">{t('chat.autoReply')}</span>}
        {m.sender !== 'autoReply' && m.automatic && <span className="auto-tag">{t('chat.automatic')}</span>}
        <time dateTime={new Date(m.createdAt).toISOString()}>{clockTime(m.createdAt, timeZone)}</time>
      </div>
      <div className="bubble">
        <MessageText text={m.body} onLink={onLink} />
      </div>
      {m.state && (
        <div className={`message-state ${m.state}`}>
          <span>{t(STATE_KEY[m.state])}</span>
          {m.state === 'failed' && (
            <button type="button" className="link-button" disabled={!connected} onClick={() => void useChat.getState().retry(m.id)}>
              {t('chat.resend')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
