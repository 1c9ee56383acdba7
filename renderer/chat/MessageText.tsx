import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { RichText } from '../ui/RichText';
import { linkify } from './links';

/**
 * A message's body as text nodes — never HTML, so `<img src=x onerror=…>` from a buyer shows as
 * those characters — with emoticon codes drawn as emoji (RichText) and http(s) addresses as
 * buttons that ask the agent to confirm the address before anything opens (`onLink`).
 */
export const MessageText = memo(function MessageText({ text, onLink }: { text: string; onLink(url: string): void }) {
  const { t } = useTranslation();
  return (
    <>
      {linkify(text).map((tok, i) =>
        tok.kind === 'text' ? (
          <RichText key={i} text={tok.text} />
        ) : (
          <button key={i} type="button" className="message-link" title={t('chat.openLinkTitle', { url: tok.url })} onClick={() => onLink(tok.url)}>
            {tok.text}
          </button>
        ),
      )}
    </>
  );
});
