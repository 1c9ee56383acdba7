
/**
 * Instants, IANA time zones and local days, with nothing but `Intl` (docs/transcripts.md "Times").
 * Every "day" in Xiaoniu — an export's `--from/--to`, the metrics' days, `{date}` in a reply — is a
 * day in the agent's time zone (the `timezone` setting, the system's by default), and every stored
 * time is an instant in ms since the Unix epoch (UTC). A date library would add nothing Intl lacks
 * here: the offsets come from the ICU data Node already ships.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** An IANA zone name's shape: `Asia/Shanghai`, `America/Argentina/Buenos_Aires`, `UTC`, `Etc/GMT-8`. */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;

/**
 * The canonical spelling of an IANA time-zone name (`asia/shanghai` → `Asia/Shanghai`), or null
 * when `name` is not one Intl knows. Bare offsets (`+08:00`), which Intl also accepts, are refused:
 * a fixed offset has no daylight-saving rules, so "the agent's day" would be wrong half the year.
 */
export function canonicalTimeZone(name: string): string | null {
  if (typeof name !== 'string' || name.length > 64 || !ZONE_NAME.test(name)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** True when `name` is an IANA time-zone name (see {@link canonicalTimeZone}). */
export function isTimeZone(name: string): boolean {
  return canonicalTimeZone(name) !== null;
}


/** The system's time zone (what a new database uses until the agent picks one); `UTC` if unknown. */
export function systemTimeZone(): string {
  const zone = new Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && isTimeZone(zone) ? zone : 'UTC';
}

const HOUR = 3_600_000;
const MINUTE = 60_000;
/** Per zone: hour bucket → offset in minutes, or NaN for an hour that holds a transition. */
const offsetCache = new Map<string, Map<number, number>>();

function exactOffsetMinutes(zone: string, ms: number): number {
  const parts = formatterFor(zone).formatToParts(new Date(ms));
  let y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  for (const p of parts) {
    switch (p.type) {
      case 'year': y = Number(p.value); break;
      case 'month': mo = Number(p.value); break;
      case 'day': d = Number(p.value); break;
      case 'hour': h = Number(p.value); break;
      case 'minute': mi = Number(p.value); break;
      case 'second': s = Number(p.value); break;
    }
  }
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  // Offsets before 1970 can hold seconds (local mean time); ISO-8601 offsets cannot: round.
  return Math.round((wall - Math.floor(ms / 1000) * 1000) / MINUTE);
}

/**
 * The zone's offset from UTC at instant `ms`, in minutes (Asia/Shanghai: 480). Cached per hour:
 * an hour whose start and end agree holds no transition (transitions are never less than an hour
 * apart), so exporting a million events costs a few thousand Intl calls, not a million.
 */
export function offsetMinutesAt(zone: string, ms: number): number {
  let cache = offsetCache.get(zone);
  if (!cache) offsetCache.set(zone, (cache = new Map()));
  const bucket = Math.floor(ms / HOUR);
  let off = cache.get(bucket);
  if (off === undefined) {
    const a = exactOffsetMinutes(zone, bucket * HOUR);
    const b = exactOffsetMinutes(zone, bucket * HOUR + HOUR - 1);
    off = a === b ? a : NaN;
    if (cache.size > 100_000) cache.clear();
    cache.set(bucket, off);
  }
  return Number.isNaN(off) ? exactOffsetMinutes(zone, ms) : off;
}

const pad2 = (n: number) => (n < 10 ? '0' : '') + n;
const pad3 = (n: number) => (n < 10 ? '00' : n < 100 ? '0' : '') + n;

/** The wall-clock fields of instant `ms` in `zone` (month 1–12). */
export function localParts(ms: number, zone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number; millisecond: number; offsetMinutes: number } {
  const offsetMinutes = offsetMinutesAt(zone, ms);
  const d = new Date(ms + offsetMinutes * MINUTE);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
    offsetMinutes,
  };
}

/**
 * Instant `ms` as RFC 3339 / ISO-8601 local time with the zone's offset at that instant:
 * `2026-03-01T10:00:05+08:00`, with `.123` only when the milliseconds are not zero (so a
 * whole-second transcript exports as it was written), `+00:00` for UTC.
 */
export function formatInstant(ms: number, zone: string): string {
  const p = localParts(ms, zone);
  const off = p.offsetMinutes;
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  return (
    `${p.year}-${pad2(p.month)}-${pad2(p.day)}T${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}` +
    (p.millisecond ? '.' + pad3(p.millisecond) : '') +
    `${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`
  );
}

/** The local date of instant `ms` in `zone`, as `YYYY-MM-DD`. */
export function localDateOf(ms: number, zone: string): string {
  const p = localParts(ms, zone);
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)}`;
}

/** The local time of instant `ms` in `zone`, as `HH:mm:ss`. */
export function localTimeOf(ms: number, zone: string): string {
  const p = localParts(ms, zone);
  return `${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}`;
}

/** `YYYY-MM-DD` as {year, month, day} when it names a real calendar date (1970–2199), else null. */
export function parseLocalDate(text: string): { year: number; month: number; day: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1970 || year > 2199 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in `month` (1–12) of `year`, Gregorian leap years (called once per parsed instant: no Date built). */
function daysInMonth(year: number, month: number): number {
  return month === 2 && (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : MONTH_DAYS[month - 1]!;
}

/**
 * The first instant (ms) of local day `date` (`YYYY-MM-DD`) in `zone`: local midnight, or — where
 * a daylight-saving change skips midnight (America/Santiago, Asia/Beirut …) — the first instant
 * whose local date is that day. Throws RangeError for a malformed date.
 */
export function startOfLocalDay(date: string, zone: string): number {
  const p = parseLocalDate(date);
  if (!p) throw new RangeError(`not a date: ${date}`);
  const wall = Date.UTC(p.year, p.month - 1, p.day);
  // Offsets never exceed ±26 h, so the day starts within this window; find it to the minute.
  let lo = wall - 27 * HOUR;
  let hi = wall + 27 * HOUR;
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / MINUTE / 2) * MINUTE;
    if (localDateOf(mid, zone) < date) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** RFC 3339 date-time with an offset; `T` or a space; seconds and fraction optional; `Z`, ±HH, ±HHMM or ±HH:MM. */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/;

/**
 * Parses an ISO-8601 / RFC 3339 date-time that carries its offset (`2026-03-01T10:00:05+08:00`,
 * `…Z`, `…+0800`) into ms since the epoch. Digits past milliseconds are dropped (not rounded).
 * Returns null when the text has no offset (a local time is ambiguous) or names no real instant
 * (month 13, 30 February, hour 24, offset past ±23:59).
 */
export function parseInstant(text: string): number | null {
  const m = INSTANT.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const milli = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offset = 0;
  if (!m[8]) {
    const oh = Number(m[10]);
    const om = m[11] === undefined ? 0 : Number(m[11]);
    if (oh > 23 || om > 59) return null;
    offset = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, milli) - offset * MINUTE;
}
