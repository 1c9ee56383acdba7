/**
 * Bounds on what a message quotes back from a file or a request. A message that echoes a cell
 * must let the agent recognise it, not reproduce it: a hostile pack once had its 50 MB shortcut
 * code sent back whole in a problem report (over IPC, into the dialog and the CLI's JSON). Every
 * error parameter passes through {@link boundParams} (the `XiaoniuError` constructor calls it)
 * and so does every problem a pack import reports (the packs service), so no other code has to
 * remember to cut.
 */

/** Longest quoted value, in code points, before the ellipsis: a code, a group name, a cell. */
export const QUOTE_MAX = 40;

/**
 * Parameters that are not a quoted cell get their own bound: a path the user typed themselves
 * (cutting it would hide which file was meant), an operating-system reason, and the lists joined
 * from a few values each already cut to {@link QUOTE_MAX} (header cells; the values an option
 * accepts).
 */
const LIMITS: Readonly<Record<string, number>> = { file: 1000, reason: 1000, columns: 300, accepted: 300 };

/**
 * `value` cut to `max` code points plus `…` when longer (a surrogate pair is never split), with
 * line breaks shown as `⏎` and CRs dropped so the quote stays on the message's one line. Only the
 * first `max + 1` code points are looked at, so a 50 MB value costs nothing.
 */
export function clipQuoted(value: string, max: number = QUOTE_MAX): string {
  let end = 0;
  let count = 0;
  while (end < value.length && count < max) {
    const c = value.charCodeAt(end);
    end += c >= 0xd800 && c <= 0xdbff && end + 1 < value.length ? 2 : 1;
    count++;
  }
  let out = end < value.length ? value.slice(0, end) + '…' : value;
  if (/[\r\n]/.test(out)) out = out.replace(/\r\n?|\n/g, '⏎');
  return out;
}

/**
 * A copy of `params` with every string cut by {@link clipQuoted} (40 code points, or the key's
 * own bound for `file`, `reason`, `columns`, `accepted`); numbers are kept. Returns `params` itself
 * when nothing needed cutting.
 */
export function boundParams<T extends Record<string, string | number>>(params: T): T {
  let out: Record<string, string | number> | null = null;
  for (const key of Object.keys(params)) {
    const v = params[key];
    if (typeof v !== 'string') continue;
    const clipped = clipQuoted(v, LIMITS[key] ?? QUOTE_MAX);
    if (clipped === v) continue;
    out ??= { ...params };
    out[key] = clipped;
  }
  return (out ?? params) as T;
}
