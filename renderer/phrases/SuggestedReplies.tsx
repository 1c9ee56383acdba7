import { useTranslation } from 'react-i18next';
import { RichText } from '../ui/RichText';
import { useConnected } from '../api/connection';
import { sendSuggestion, useSuggestionFeed, useSuggestions } from './suggestions';

/**
 * 推荐回复 at the top of the phrase panel: up to three phrases answering the buyer's newest
 * message, each a button that sends it, with its Alt+1…3 key. Nothing at all when there are none.
 */
export function SuggestedReplies() {
  const { t } = useTranslation();
  useSuggestionFeed();
  const phrases = useSuggestions((s) => s.phrases);
  const connected = useConnected();
  if (!phrases.length) return null;
  return (
    <section className="suggested-replies" aria-label={t('suggest.listLabel')}>
      <h3 className="suggested-title">
        {t('suggest.title')}
        <span className="suggested-hint">{t('suggest.hint', { count: phrases.length })}</span>
      </h3>
      <ol className="suggested-list">
        {phrases.map((p, i) => (
          <li key={p.id}>
            <button
              type="button"
              className="suggested-reply"
              disabled={!connected}
              aria-label={t('suggest.send', { n: i + 1, text: p.content })}
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
