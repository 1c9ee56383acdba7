import { memo, type ReactNode } from 'react';
import i18next from 'i18next';
import { useLocale } from '../app/i18n';
import { tokenizeEmoticons } from '../phrases/emoticons';
import type { Range } from '../phrases/highlight';

/**
 * Phrase or message text as React text nodes (never HTML): Wangwang emoticon codes become emoji and
 * the given ranges (original offsets) are wrapped in <mark>. An emoticon touched by a range is
 * marked whole. Re-renders when the UI language changes (the emoji's accessible names).
 */
export const RichText = memo(function RichText({ text, ranges = [] }: { text: string; ranges?: readonly Range[] }) {
  // Subscribing to the locale (not useTranslation) keeps this cheap: it is drawn for every visible
  // row on every search keystroke.
  useLocale((s) => s.locale);
  const out: ReactNode[] = [];
  let r = 0;
  for (const token of tokenizeEmoticons(text)) {
    if (token.kind === 'emoticon') {
      while (r < ranges.length && ranges[r]!.end <= token.start) r++;
      const marked = r < ranges.length && ranges[r]!.start < token.end;
      const name = i18next.t(`emoticons.${token.emoticon.name}` as 'emoticons.smile');
      const emo = (
        <span key={`e${token.start}`} className="emo" role="img" aria-label={name} title={`${name} ${token.emoticon.code}`}>
          {token.emoticon.emoji}
        </span>
      );
      out.push(marked ? <mark key={`m${token.start}`}>{emo}</mark> : emo);
      continue;
    }
    let at = token.start;
    while (at < token.end) {
      while (r < ranges.length && ranges[r]!.end <= at) r++;
      const range = ranges[r];
      if (!range || range.start >= token.end) {
        out.push(text.slice(at, token.end));
        break;
      }
      if (range.start > at) {
        out.push(text.slice(at, range.start));
        at = range.start;
      }
      const end = Math.min(range.end, token.end);
      out.push(<mark key={`m${at}`}>{text.slice(at, end)}</mark>);
      at = end;
    }
  }
  return <>{out}</>;
});
