import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, shot, startHost, stopHost, test, type HostProcess } from './fixtures';
import { formatInstant, localDateOf, startOfLocalDay } from '../../main/shared/time-zone';

/**
 * 今日数据 in the window: a database seeded with `xiaoniu history import` of a transcript whose
 * figures were worked out by hand (docs/metrics.md's worked example, placed today), the panel
 * opened from the top bar, its figures and its week checked, refreshed after more history arrives,
 * and screenshots in both languages.
 */

const ROOT = path.resolve(__dirname, '..', '..');
/** The host's time zone: it has no `timezone` setting, so the agent's day is the system's. */
const ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const TODAY = localDateOf(Date.now(), ZONE);
const DAY_MS = 86_400_000;

/** `hms` (`HH:MM:SS`) of local day `day` as an ISO-8601 instant with the zone's offset. */
function at(dayStart: number, hms: string): string {
  const [h, m, s] = hms.split(':').map(Number) as [number, number, number];
  return formatInstant(dayStart + ((h * 60 + m) * 60 + s) * 1000, ZONE);
}

function transcript(dir: string, name: string, events: object[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify({ timezone: ZONE, events }));
  return file;
}

function importHistory(file: string, dbFile: string): void {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'xiaoniu.js'), 'history', 'import', file, '--db', dbFile], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
}

let host: HostProcess | undefined;
test.afterEach(async () => {
  if (host) await stopHost(host.child);
  host = undefined;
});

test('今日数据: today’s figures by hand, the last 7 days, refreshed, in both languages', async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoniu-metrics-e2e-'));
  const dbFile = path.join(dir, 'xiaoniu.db');
  const today = startOfLocalDay(TODAY, ZONE);
  // Yesterday (a day starts at local midnight, 23–25 h earlier): one buyer, answered in 45 s.
  const yesterday = startOfLocalDay(localDateOf(today - DAY_MS / 2, ZONE), ZONE);
  const A = (hms: string) => at(today, hms);
  importHistory(
    transcript(dir, 'week.json', [
      { at: at(yesterday, '15:00:00'), type: 'buyer', buyer: 'Y', text: '在吗' },
      { at: at(yesterday, '15:00:45'), type: 'agent', buyer: 'Y', text: '在的' },
      // Today, the worked example of docs/metrics.md:
      { at: A('09:00:00'), type: 'buyer', buyer: 'A', nickname: '小王', text: '在吗' },
      { at: A('09:00:05'), type: 'agent', buyer: 'A', text: '您好，欢迎光临', auto: true },
      { at: A('09:00:30'), type: 'buyer', buyer: 'A', text: '有货吗' },
      { at: A('09:01:00'), type: 'agent', buyer: 'A', text: '有的亲' },
      { at: A('09:05:00'), type: 'buyer', buyer: 'A', text: '发什么快递' },
      { at: A('09:05:20'), type: 'agent', buyer: 'A', text: '默认中通' },
      { at: A('09:10:00'), type: 'order', buyer: 'A', amount: 199, paid: true },
      { at: A('10:00:00'), type: 'buyer', buyer: 'B', text: '能便宜点吗' },
      { at: A('10:02:00'), type: 'agent', buyer: 'B', text: '满减券了解一下' },
      { at: A('10:03:00'), type: 'agent', buyer: 'B', text: '两件九折' },
      { at: A('11:00:00'), type: 'buyer', buyer: 'C', text: '退货地址' },
      { at: A('11:00:01'), type: 'agent', buyer: 'C', text: '客服暂时离开', auto: true },
      { at: A('12:00:00'), type: 'buyer', buyer: 'D', text: '本店小蜜为您服务', auto: true },
    ]),
    dbFile,
  );
  host = await startHost(dbFile);
  await page.goto(host.url);

  // From the keyboard: the top bar's button opens the dialog.
  const open = page.getByRole('button', { name: '今日数据' });
  await open.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: '今日数据' });
  await expect(dialog).toBeVisible();
  const figure = (name: string) => dialog.locator(`.metrics-figure[data-metric="${name}"]`);
  // By hand: buyers A, B, C (D is another shop's bot); answered A (60 s, 20 s) and B (120 s).
  await expect(figure('buyers')).toHaveText('接待人数3');
  await expect(figure('replyRate')).toHaveText('回复率66.7%');
  await expect(figure('avgResponseSeconds')).toHaveText('平均响应时间66.7 秒');
  await expect(figure('avgFirstResponseSeconds')).toHaveText('首次响应时间90.0 秒');
  await expect(figure('qaRatio')).toHaveText('问答比0.80');
  await expect(figure('conversion')).toHaveText('询单转化率33.3%');
  await expect(figure('avgOrderValue')).toHaveText('客单价199.00 元');
  await expect(dialog.getByText(`今天 ${TODAY}（${ZONE}）`)).toBeVisible();

  // The chart is one named picture; its numbers are in the table (a quiet day shows —, never 0 or NaN).
  await expect(dialog.getByRole('img', { name: '近 7 天的接待人数' })).toBeVisible();
  await dialog.getByText('以表格查看近 7 天').click();
  const rows = dialog.getByRole('table').getByRole('row');
  await expect(rows).toHaveCount(8);
  await expect(rows.nth(7)).toContainText(TODAY);
  await expect(rows.nth(6).getByRole('cell')).toHaveText(['1', '100%', '45.0 秒', '45.0 秒', '1.00', '0%', '—']);
  await expect(rows.nth(1).getByRole('cell')).toHaveText(['0', '—', '—', '—', '—', '—', '—']);
  await dialog.getByLabel('图表显示').selectOption('replyRate');
  await expect(dialog.getByRole('img', { name: '近 7 天的回复率' })).toBeVisible();
  await shot(page, 'metrics-panel-zh');

  // More history arrives (another process imports it); 刷新 counts again: C is answered now.
  importHistory(transcript(dir, 'more.json', [{ at: A('11:30:00'), type: 'agent', buyer: 'C', text: '地址已发您' }]), dbFile);
  await dialog.getByRole('button', { name: '刷新' }).click();
  await expect(figure('replyRate')).toHaveText('回复率100%');
  // (60 + 20 + 120 + 1800) / 4 = 500 s; first turns 60, 120, 1800 → 660 s.
  await expect(figure('avgResponseSeconds')).toHaveText('平均响应时间500.0 秒');
  await expect(figure('avgFirstResponseSeconds')).toHaveText('首次响应时间660.0 秒');

  // Esc closes it and gives the focus back to the button.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(open).toBeFocused();

  // English.
  await page.evaluate(() => localStorage.setItem('xiaoniu.locale', 'en'));
  await page.reload();
  await page.getByRole('button', { name: "Today's figures" }).click();
  const en = page.getByRole('dialog', { name: "Today's figures" });
  await expect(en.locator('.metrics-figure[data-metric="avgOrderValue"]')).toHaveText('Average order value199.00 yuan');
  await expect(en.locator('.metrics-figure[data-metric="qaRatio"]')).toHaveText('Q/A ratio1.00');
  await expect(en.getByRole('img', { name: 'Buyers received over the last 7 days' })).toBeVisible();
  await shot(page, 'metrics-panel-en');
  fs.rmSync(dir, { recursive: true, force: true });
});
