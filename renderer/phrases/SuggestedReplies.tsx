import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { RichText } from '../ui/RichText';
import { useConnected } from '../api/connection';
import { sendSuggestion, useSuggestionFeed, useSuggestions } from './suggestions';

/**
 * 推荐回复 at the top of the phrase panel: up to three phrases answering the buyer's newest
 * message, each a button that sends it (named 推荐回复 1：…, described by the hint that a click or
 * Alt+1…3 sends), with its key. Nothing at all when there are none.
 */
export function SuggestedReplies() {
  const { t } = useTranslation();
  useSuggestionFeed();
  const phrases = useSuggestions((s) => s.phrases);
  const connected = useConnected();
  const hintId = useId();
  if (!phrases.length) return null;
  return (
    <section className="suggested-replies" aria-label={t('suggest.listLabel')}>
      <h3 className="suggested-title">
        {t('suggest.title')}
        <span className="suggested-hint" id={hintId}>
          {t('suggest.hint', { count: phrases.length })}
        </span>
      </h3>
      <ol className="suggested-list">
        {phrases.map((p, i) => (
          <li key={p.id}>
            <button
              type="button"
              className="suggested-reply"
              disabled={!connected}
              // Named by what it is, described by what it does (按 Alt+1…3 直接发送): a name that
              // began with 发送 would read as one more 发送 button beside the composer's.
              aria-label={t('suggest.send', { n: i + 1, text: p.content })}
              aria-describedby={hintId}
              aria-keyshortcuts={`Alt+${i + 1}`}
              onClick={() => sendSuggestion(i)}
            >
              <kbd className="suggested-key" aria-hidden="true">
                {t('suggest.key', { n: i + 1 })}
              </kbd>
              <span className="suggested-text">
                <RichText text={p.content} />
              </span>
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
