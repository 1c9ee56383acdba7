import type { ConverterFunction, DictGroup } from 'opencc-js';

/**
 * Traditional → Simplified Chinese with OpenCC's dictionaries (the `opencc-js` port of Open
 * Chinese Convert, https://github.com/BYVoid/OpenCC), Hong Kong and Taiwan variants both: a buyer
 * from Hong Kong writes 裏面 and one from Taiwan 裡面, and both mean 里面. Characters only — no
 * phrase rewriting (軟體 stays 软体, not 软件), so nothing the writer did not mean is put into a
 * text. Used where text is MATCHED (suggested replies, keyword rules); what is stored and shown is
 * never converted.
 *
 * The dictionaries load at the first call (~0.1 s, ~2 MB), not at start-up. Most text a mainland
 * shop sees is Simplified already: a text in which no dictionary entry can start is returned as it
 * is without running the converter (0.02 µs a character instead of 0.5).
 */
let convert: ConverterFunction | null = null;
/** Every character a dictionary entry that changes something starts with. */
let starts: Set<string> | null = null;

function entryStarts(groups: readonly DictGroup[], into: Set<string>): void {
  for (const group of groups)
    for (const dict of group) {
      const pairs = typeof dict === 'string' ? dict.split('|').map((e) => e.split(' ') as [string, string]) : dict;
      for (const [from, to] of pairs) if (from && from !== to) into.add(String.fromCodePoint(from.codePointAt(0)!));
    }
}

function load(): ConverterFunction {
  const { Converter, Locale } = require('opencc-js') as typeof import('opencc-js');
  const fromHk = Converter({ from: 'hk', to: 'cn' });
  const fromTw = Converter({ from: 'tw', to: 'cn' });
  starts = new Set();
  for (const groups of [Locale.from.hk!, Locale.from.tw!, Locale.to.cn!]) entryStarts(groups, starts);
  return (s: string) => fromTw(fromHk(s));
}

/** `text` with every Traditional character (Hong Kong or Taiwan form) in its Simplified form. */
export function toSimplified(text: string): string {
  convert ??= load();
  for (const ch of text) if (starts!.has(ch)) return convert(text);
  return text;
}
