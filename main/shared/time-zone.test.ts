import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalTimeZone, formatInstant, localDateOf, offsetMinutesAt, parseInstant, parseLocalDate, startOfLocalDay } from './time-zone';

describe('time zones', () => {
  it('knows IANA names, in their canonical spelling, and refuses offsets and junk', () => {
    expect(canonicalTimeZone('Asia/Shanghai')).toBe('Asia/Shanghai');
    expect(canonicalTimeZone('asia/shanghai')).toBe('Asia/Shanghai');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    expect(canonicalTimeZone('+08:00')).toBeNull();
    expect(canonicalTimeZone('Mars/Olympus')).toBeNull();
    expect(canonicalTimeZone('')).toBeNull();
  });

  it('writes an instant with the offset in force then, milliseconds only when there are some', () => {
    const t = Date.UTC(2026, 2, 1, 2, 0, 5);
    expect(formatInstant(t, 'Asia/Shanghai')).toBe('2026-03-01T10:00:05+08:00');
    expect(formatInstant(t + 7, 'Asia/Shanghai')).toBe('2026-03-01T10:00:05.007+08:00');
    expect(formatInstant(t, 'UTC')).toBe('2026-03-01T02:00:05+00:00');
    // Berlin: winter +01:00, summer +02:00; New York -05:00; Kathmandu +05:45.
    expect(formatInstant(Date.UTC(2026, 0, 15, 12), 'Europe/Berlin')).toBe('2026-01-15T13:00:00+01:00');
    expect(formatInstant(Date.UTC(2026, 6, 15, 12), 'Europe/Berlin')).toBe('2026-07-15T14:00:00+02:00');
    expect(formatInstant(Date.UTC(2026, 0, 15, 12), 'America/New_York')).toBe('2026-01-15T07:00:00-05:00');
    expect(formatInstant(Date.UTC(2026, 0, 15, 12), 'Asia/Kathmandu')).toBe('2026-01-15T17:45:00+05:45');
  });

  it('is exact on both sides of a daylight-saving change (the hourly cache never straddles one)', () => {
    // Europe/Berlin springs forward at 01:00 UTC on 29 March 2026.
    const change = Date.UTC(2026, 2, 29, 1);
    expect(offsetMinutesAt('Europe/Berlin', change - 1)).toBe(60);
    expect(offsetMinutesAt('Europe/Berlin', change)).toBe(120);
    expect(formatInstant(change - 1000, 'Europe/Berlin')).toBe('2026-03-29T01:59:59+01:00');
    expect(formatInstant(change, 'Europe/Berlin')).toBe('2026-03-29T03:00:00+02:00');
  });

  it('parses ISO-8601 with any offset and refuses local times and impossible dates', () => {
    const t = Date.UTC(2026, 2, 1, 2, 0, 5);
    expect(parseInstant('2026-03-01T10:00:05+08:00')).toBe(t);
    expect(parseInstant('2026-03-01T02:00:05Z')).toBe(t);
    expect(parseInstant('2026-03-01 10:00:05+0800')).toBe(t);
    expect(parseInstant('2026-03-01T10:00:05.123456+08:00')).toBe(t + 123);
    expect(parseInstant('2026-03-01T10:00+08')).toBe(t - 5000);
    expect(parseInstant('2026-02-28T21:00:05-05:00')).toBe(t);
    expect(parseInstant('2026-03-01T10:00:05')).toBeNull();
    expect(parseInstant('2026-02-30T10:00:05Z')).toBeNull();
    expect(parseInstant('2026-03-01T24:00:00Z')).toBeNull();
    expect(parseInstant('2026-03-01T10:00:05+24:00')).toBeNull();
    expect(parseInstant('1 March 2026')).toBeNull();
  });

  it('round-trips every instant through its local ISO form in any zone', () => {
    const zones = ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Asia/Kathmandu', 'America/Santiago', 'Australia/Lord_Howe', 'UTC'];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(2199, 0, 1) }), fc.constantFrom(...zones), (ms, zone) => {
        expect(parseInstant(formatInstant(ms, zone))).toBe(ms);
      }),
      { numRuns: 2000 },
    );
  });

  it('finds the first instant of a local day, even when daylight saving skips midnight', () => {
    expect(startOfLocalDay('2026-03-01', 'Asia/Shanghai')).toBe(Date.UTC(2026, 1, 28, 16));
    expect(startOfLocalDay('2026-03-29', 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 28, 23));
    expect(startOfLocalDay('2026-03-30', 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 29, 22));
    // Santiago springs forward at local midnight on 6 September 2026: the day starts at 01:00 (-03:00).
    const start = startOfLocalDay('2026-09-06', 'America/Santiago');
    expect(formatInstant(start, 'America/Santiago')).toBe('2026-09-06T01:00:00-03:00');
    expect(localDateOf(start - 1, 'America/Santiago')).toBe('2026-09-05');
    expect(() => startOfLocalDay('2026-13-01', 'UTC')).toThrow(RangeError);
  });

  it('reads YYYY-MM-DD only when it is a real date', () => {
    expect(parseLocalDate('2026-02-28')).toEqual({ year: 2026, month: 2, day: 28 });
    expect(parseLocalDate('2026-02-29')).toBeNull();
    expect(parseLocalDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(parseLocalDate('2026-3-1')).toBeNull();
  });
});
