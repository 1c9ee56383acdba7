import { XiaoniuError } from '../shared/errors';
import { fold } from './match';

export { fold } from './match';

/**
 * The rules a quick phrase obeys wherever it comes from — the panel, the CLI or a phrase pack
 * (docs/phrases.md "Rules"). One place, so the import and the editor never disagree.
 */

/** The group every phrase without one belongs to; it cannot be renamed or deleted. */
export const DEFAULT_GROUP = '默认分组';
/** Group names that mean "no group" in real packs (Wangwang-era tools write 未分组). */
const NO_GROUP_NAMES = new Set(['', '未分组', DEFAULT_GROUP]);

/** Longest content in code points. */
export const MAX_CONTENT = 2000;
/** Longest group name in code points. */
export const MAX_GROUP_NAME = 50;
/** Longest shortcut code in code points. */
export const MAX_CODE = 32;

/** Letters of any script (Qianniu accepts 购物金退款), digits, `-` and `_`, 1–32 of them. */
// A combining mark may follow a letter but never stand first, where it is invisible.
const CODE_PATTERN = /^[\p{L}\p{Nd}_-][\p{L}\p{M}\p{Nd}_-]{0,31}$/u;
/** The same for the ASCII codes nearly every pack uses, without the cost of Unicode classes. */
const ASCII_CODE_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * Characters a phrase may not hold: C0 controls but tab and line feed, DEL, U+FFFD (the mark of a
 * failed decode: stored, it would make the mojibake permanent — docs/packs.md "Encodings") and lone
 * surrogates (SQLite would store them as U+FFFD). Exported packs could not carry them either (XML
 * 1.0 forbids the controls).
 */
const INVALID_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/;

/**
 * True when `s` holds a character no phrase may hold. Lone surrogates are found by the engine's own
 * `isWellFormed` (ES2024): a `u`-flag class over surrogates made this check a quarter of an
 * import's rule time on 100,000 rows.
 */
function hasInvalidChars(s: string): boolean {
  return INVALID_CHARS.test(s) || !s.isWellFormed();
}

/** Number of Unicode code points in `s` (what users count as characters, emoji as one). */
export function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/**
 * Trims a group name and maps "no group" spellings (empty, 未分组, 默认分组) to {@link DEFAULT_GROUP}.
 * Throws `group.nameTooLong` past {@link MAX_GROUP_NAME} code points.
 */
export function normalizeGroupName(raw: string | null | undefined): string {
  const name = (raw ?? '').replace(/\s+/gu, ' ').trim();
  if (NO_GROUP_NAMES.has(name)) return DEFAULT_GROUP;
  if (codePointLength(name) > MAX_GROUP_NAME) throw new XiaoniuError('group.nameTooLong', { max: MAX_GROUP_NAME });
  if (hasInvalidChars(name)) throw new XiaoniuError('group.nameInvalidChars');
  return name;
}

/**
 * Normalises phrase content: line breaks to LF (no cell keeps a stray CR), then trimmed.
 * Throws `phrase.contentEmpty`, `phrase.contentTooLong` (limit {@link MAX_CONTENT} code points) or
 * `phrase.contentInvalidChars` (controls, U+FFFD, lone surrogates).
 */
export function normalizeContent(raw: string): string {
  // Hot on import (100,000 rows): skip work the common case doesn't need.
  const content = (raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw).trim();
  if (!content) throw new XiaoniuError('phrase.contentEmpty');
  if (content.length > MAX_CONTENT) {
    const n = codePointLength(content);
    if (n > MAX_CONTENT) throw new XiaoniuError('phrase.contentTooLong', { max: MAX_CONTENT, length: n });
  }
  if (hasInvalidChars(content)) throw new XiaoniuError('phrase.contentInvalidChars');
  return content;
}

/**
 * Trims a shortcut code; returns null for an empty one. Throws `phrase.codeInvalid` with the code
 * when it is not 1–32 letters, digits, `-` or `_`. A leading `/` (how the agent types it in the
 * composer) is dropped.
 */
export function normalizeCode(raw: string | null | undefined): string | null {
  let code = (raw ?? '').trim();
  if (code.startsWith('/')) code = code.slice(1);
  if (!code) return null;
  if (!ASCII_CODE_PATTERN.test(code) && !CODE_PATTERN.test(code)) throw new XiaoniuError('phrase.codeInvalid', { code });
  return code;
}

/** The key that makes codes unique ignoring case and width (ＡＢ = ab = AB). */
export function codeKey(code: string): string {
  return fold(code);
}
