import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { RichText } from '../ui/RichText';
import { useChat } from './store';

/**
 * The draft conversation: what the agent sent, as bubbles on the right with the time. The chat
 * issue brings buyers, history and auto-replies; until then this is where 发送 lands.
 */
export function Conversation() {
  const { t, i18n } = useTranslation();
  const messages = useChat((s) => s.messages);
  const endRef = useRef<HTMLDivElement>(null);
  const time = new Intl.DateTimeFormat(i18n.language, { hour: '2-digit', minute: '2-digit', hour12: false });

  useEffect(() => {
    endRef.current?.scrollIntoView({ block: 'end' });
  }, [messages.length]);

  return (
    <section className="conversation" aria-label={t('chat.conversation')}>
      <header className="conversation-header">
        <div className="buyer-avatar" aria-hidden="true">
          {t('chat.draftAvatar')}
        </div>
        <div>
          <h1 className="conversation-title">{t('chat.draftTitle')}</h1>
          <p className="conversation-subtitle">{t('chat.draftSubtitle')}</p>
        </div>
      </header>
      <ol className="message-list" aria-label={t('chat.sentMessages')}>
        {messages.length === 0 && <li className="message-empty">{t('chat.empty')}</li>}
        {messages.map((m) => (
          <li key={m.id} className="message agent">
            <div className="message-meta">
              <span>{t('chat.me')}</span>
              <time dateTime={new Date(m.sentAt).toISOString()}>{time.format(m.sentAt)}</time>
            </div>
            <div className="bubble">
              <RichText text={m.text} />
            </div>
          </li>
        ))}
      </ol>
      <div ref={endRef} />
    </section>
  );
}
