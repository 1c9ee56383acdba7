/**
 * Checks that a message a user reads is in one language (shared by the CLI's subprocess tests).
 * Chinese messages may quote Latin option names, values, file and format names; English ones may
 * quote Chinese data (a file or group name) — each test lists what its message quotes.
 */

/** CJK ideographs, CJK punctuation and full-width forms. */
export const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

/**
 * Latin words in a Chinese message that are not among `allowed` (option names, values, file
 * names, format names the message quotes): a message in one language has none.
 */
export function foreignWords(message: string, allowed: readonly string[]): string[] {
  let rest = message;
  for (const a of [...allowed].sort((x, y) => y.length - x.length)) rest = rest.split(a).join(' ');
  return rest.match(/[A-Za-z]{2,}/g) ?? [];
}

/** Chinese characters in an English message outside `allowed` (file names, quoted header names). */
export function foreignChinese(message: string, allowed: readonly string[]): string {
  let rest = message;
  for (const a of allowed) rest = rest.split(a).join(' ');
  return [...rest].filter((c) => CJK.test(c)).join('');
}

/** The first line of stderr: the message (the usage follows it after a blank line). */
export const firstLine = (s: string): string => s.split('\n')[0]!;
