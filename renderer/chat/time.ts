/**
 * Times in the chat window, always in the agent's time zone (the `timezone` setting that main
 * reports in `chat.variables`), never the browser's: the day separators, the message times and the
 * `{date}` `{time}` variables must agree with the metrics' and the exports' days
 * (docs/transcripts.md "Times"). Intl does the zone arithmetic.
 */

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = cache.get(key);
  if (!f) cache.set(key, (f = make()));
  return f;
}

function parts(ms: number, timeZone: string): Record<'year' | 'month' | 'day' | 'hour' | 'minute', string> {
  const f = formatter(`p|${timeZone}`, () =>
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }),
  );
  const out = { year: '', month: '', day: '', hour: '', minute: '' };
  for (const p of f.formatToParts(ms)) if (p.type in out) out[p.type as keyof typeof out] = p.value;
  return out;
}

/** Instants already worked out, by zone and ms; cleared when it reaches {@link KNOWN_MAX}. */
const known = new Map<string, { date: string; time: string }>();
/**
 * A few screens' worth of rows and separators, each asked for several times per render (the row's
 * own time, "now" and yesterday for every row): `formatToParts` is the contact list's costliest
 * call while messages pour in, and the same instants come back render after render.
 */
const KNOWN_MAX = 2000;

/** `{date}` (YYYY-MM-DD) and `{time}` (HH:mm) of instant `ms` (epoch ms) in `timeZone` (IANA). */
export function localDateTime(ms: number, timeZone: string): { date: string; time: string } {
  const key = `${timeZone}|${ms}`;
  const hit = known.get(key);
  if (hit) return { ...hit };
  const p = parts(ms, timeZone);
  const value = { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
  if (known.size >= KNOWN_MAX) known.clear();
  known.set(key, value);
  return { ...value };
}

/** The local day of `ms` in `timeZone` as `YYYY-MM-DD` (the key of a day separator). */
export function dayKey(ms: number, timeZone: string): string {
  return localDateTime(ms, timeZone).date;
}

/** A message's time, `HH:mm`, in `timeZone`. */
export function clockTime(ms: number, timeZone: string): string {
  return localDateTime(ms, timeZone).time;
}

const HOUR = 3_600_000;

/**
 * The day before `now`'s local day. 23 h back is always today or yesterday; when it is still today,
 * 25 h back is yesterday — whatever a daylight-saving change did to yesterday's length (23–25 h).
 */
export function yesterdayKey(now: number, timeZone: string): string {
  const today = dayKey(now, timeZone);
  const back23 = dayKey(now - 23 * HOUR, timeZone);
  return back23 !== today ? back23 : dayKey(now - 25 * HOUR, timeZone);
}

/**
 * A day separator's label in the UI language: 今天 / 昨天 (Today / Yesterday) from the catalogue,
 * else the date written the locale's way (2026年3月1日 星期日 / Sunday, March 1, 2026).
 */
export function dayLabel(ms: number, now: number, timeZone: string, locale: string, words: { today: string; yesterday: string }): string {
  const day = dayKey(ms, timeZone);
  if (day === dayKey(now, timeZone)) return words.today;
  if (day === yesterdayKey(now, timeZone)) return words.yesterday;
  return formatter(`d|${locale}|${timeZone}`, () =>
    new Intl.DateTimeFormat(locale, { timeZone, year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' }),
  ).format(ms);
}

/**
 * A contact row's time: HH:mm today, 昨天 yesterday, else M/D (and the year when not this year),
 * as chat clients show it.
 */
export function contactTime(ms: number, now: number, timeZone: string, locale: string, yesterday: string): string {
  const day = dayKey(ms, timeZone);
  if (day === dayKey(now, timeZone)) return clockTime(ms, timeZone);
  if (day === yesterdayKey(now, timeZone)) return yesterday;
  const sameYear = day.slice(0, 4) === dayKey(now, timeZone).slice(0, 4);
  return formatter(`c|${locale}|${timeZone}|${sameYear}`, () =>
    new Intl.DateTimeFormat(locale, { timeZone, month: 'numeric', day: 'numeric', ...(sameYear ? {} : { year: '2-digit' }) }),
  ).format(ms);
}
