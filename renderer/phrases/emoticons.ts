/**
 * Wangwang-style emoticon codes (docs/glossary.md, 表情): phrases and messages store the text code so
 * packs stay plain text; the panel, the composer preview and the conversation show the emoji. The
 * picker inserts the code. Names are catalogue keys under `emoticons.`.
 */
export interface Emoticon {
  /** The text code as stored, e.g. `/:^_^`. */
  code: string;
  emoji: string;
  /** Catalogue key under `emoticons.` (the accessible name in the picker). */
  name: string;
}

/** The table, in picker order. */
export const EMOTICONS: readonly Emoticon[] = [
  { code: '/:^_^', emoji: '😊', name: 'smile' },
  { code: '/:^O^', emoji: '😄', name: 'laugh' },
  { code: '/:^$^', emoji: '😳', name: 'shy' },
  { code: '/:Q', emoji: '😛', name: 'tongue' },
  { code: '/:815', emoji: '🤭', name: 'giggle' },
  { code: '/:809', emoji: '😍', name: 'adore' },
  { code: '/:087', emoji: '😘', name: 'blowKiss' },
  { code: '/:^x^', emoji: '😚', name: 'kiss' },
  { code: '/:H', emoji: '🤗', name: 'hug' },
  { code: '/:801', emoji: '🤔', name: 'think' },
  { code: '/:?', emoji: '❓', name: 'question' },
  { code: '/:802', emoji: '😅', name: 'sweat' },
  { code: '/:026', emoji: '😬', name: 'awkward' },
  { code: '/:>_<', emoji: '😣', name: 'wronged' },
  { code: '/:>O<', emoji: '😭', name: 'cry' },
  { code: '/:810', emoji: '😔', name: 'sad' },
  { code: '/:*&*', emoji: '😵', name: 'dizzy' },
  { code: '/:(Zz...)', emoji: '😪', name: 'sleepy' },
  { code: '/:8*8', emoji: '🙏', name: 'sorry' },
  { code: '/:012', emoji: '💪', name: 'cheer' },
  { code: '/:b', emoji: '👍', name: 'great' },
  { code: '/:806', emoji: '✌️', name: 'victory' },
  { code: '/:(OK)', emoji: '👌', name: 'ok' },
  { code: '/:804', emoji: '👋', name: 'bye' },
  { code: '/:-F', emoji: '🌹', name: 'rose' },
  { code: '/:gift', emoji: '🎁', name: 'gift' },
];

const BY_CODE = new Map(EMOTICONS.map((e) => [e.code, e]));
/** Codes longest first, so `/:(Zz...)` wins over a shorter code sharing its start. */
const CODES_LONGEST_FIRST = [...BY_CODE.keys()].sort((a, b) => b.length - a.length);

/** A run of text, or one emoticon code at `start` (UTF-16 offsets into the original string). */
export type EmoticonToken =
  | { kind: 'text'; start: number; end: number }
  | { kind: 'emoticon'; start: number; end: number; emoticon: Emoticon };

/** Splits `text` into text runs and emoticon codes (longest code wins at each `/:`). */
export function tokenizeEmoticons(text: string): EmoticonToken[] {
  const out: EmoticonToken[] = [];
  let runStart = 0;
  let i = text.indexOf('/:');
  while (i >= 0) {
    const code = CODES_LONGEST_FIRST.find((c) => text.startsWith(c, i));
    if (code) {
      if (i > runStart) out.push({ kind: 'text', start: runStart, end: i });
      out.push({ kind: 'emoticon', start: i, end: i + code.length, emoticon: BY_CODE.get(code)! });
      runStart = i + code.length;
      i = text.indexOf('/:', runStart);
    } else {
      i = text.indexOf('/:', i + 1);
    }
  }
  if (runStart < text.length) out.push({ kind: 'text', start: runStart, end: text.length });
  return out;
}

/** True when `text` holds at least one known emoticon code. */
export function hasEmoticon(text: string): boolean {
  return text.includes('/:') && tokenizeEmoticons(text).some((t) => t.kind === 'emoticon');
}
