import { describe, expect, it } from 'vitest';
import { contactTime, dayLabel, localDateTime, yesterdayKey } from './time';

const words = { today: '今天', yesterday: '昨天' };

describe('chat times in the agent time zone', () => {
  it('fills {date} and {time} in the zone, not the machine', () => {
    // 2026-03-01 16:05 UTC is already 2 March in Shanghai.
    expect(localDateTime(Date.UTC(2026, 2, 1, 16, 5), 'Asia/Shanghai')).toEqual({ date: '2026-03-02', time: '00:05' });
    expect(localDateTime(Date.UTC(2026, 2, 1, 16, 5), 'America/New_York')).toEqual({ date: '2026-03-01', time: '11:05' });
  });

  it('calls a message from before midnight 昨天, just after midnight too', () => {
    const now = Date.UTC(2026, 2, 1, 16, 30); // 00:30 on 2 March in Shanghai
    expect(dayLabel(Date.UTC(2026, 2, 1, 15, 50), now, 'Asia/Shanghai', 'zh-CN', words)).toBe('昨天');
    expect(dayLabel(Date.UTC(2026, 2, 1, 16, 10), now, 'Asia/Shanghai', 'zh-CN', words)).toBe('今天');
    expect(dayLabel(Date.UTC(2026, 1, 28, 16, 40), now, 'Asia/Shanghai', 'zh-CN', words)).toBe('昨天'); // 00:40 on 1 March
    expect(dayLabel(Date.UTC(2026, 1, 27, 17, 0), now, 'Asia/Shanghai', 'zh-CN', words)).toMatch(/^2026年2月28日/);
  });

  it('knows yesterday across a 23-hour and a 25-hour day (daylight saving)', () => {
    // New York: 8 March 2026 has 23 hours, 1 November 2026 has 25.
    expect(yesterdayKey(Date.UTC(2026, 2, 9, 4, 30), 'America/New_York')).toBe('2026-03-08'); // 00:30 on 9 March
    expect(yesterdayKey(Date.UTC(2026, 2, 9, 3, 50), 'America/New_York')).toBe('2026-03-07'); // 23:50 on 8 March
    expect(yesterdayKey(Date.UTC(2026, 10, 2, 4, 50), 'America/New_York')).toBe('2026-10-31'); // 23:50 on 1 November (25 h long)
    expect(yesterdayKey(Date.UTC(2026, 10, 2, 5, 30), 'America/New_York')).toBe('2026-11-01'); // 00:30 on 2 November
  });

  it('writes a contact row time as HH:mm today, 昨天, else the date', () => {
    const now = Date.UTC(2026, 2, 1, 4); // 12:00 in Shanghai
    expect(contactTime(Date.UTC(2026, 2, 1, 1, 7), now, 'Asia/Shanghai', 'zh-CN', '昨天')).toBe('09:07');
    expect(contactTime(Date.UTC(2026, 1, 28, 4), now, 'Asia/Shanghai', 'zh-CN', '昨天')).toBe('昨天');
    expect(contactTime(Date.UTC(2026, 1, 20, 4), now, 'Asia/Shanghai', 'zh-CN', '昨天')).toBe('2/20');
    expect(contactTime(Date.UTC(2025, 11, 20, 4), now, 'Asia/Shanghai', 'en', 'Yesterday')).toBe('12/20/25');
  });
});
