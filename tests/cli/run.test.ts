import { describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { CJK, foreignChinese, foreignWords } from './one-language.test-util';

/**
 * `xiaoniu run` as its user runs it: subprocesses of the compiled `bin/xiaoniu.js` (run
 * `npm run build` first), with the browser host `bin/xiaoniu-serve.js` as the window it must not
 * share a database with.
 */
const root = path.resolve(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'xiaoniu.js');
const serveBin = path.join(root, 'bin', 'xiaoniu-serve.js');
const env = (extra: Record<string, string> = {}) => ({ ...process.env, XIAONIU_LANG: 'zh-CN', TZ: 'Asia/Shanghai', ...extra });

function scratch(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoniu-run-')), 'x.db');
}

function runSync(args: string[], extra: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, 'run', ...args], { encoding: 'utf8', env: env(extra), timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A background process and a promise for the moment its output matches. */
function start(file: string, args: string[], extra: Record<string, string> = {}) {
  const child = spawn(process.execPath, [file, ...args], { env: env(extra) });
  let out = '';
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    out += String(d);
    stdout += String(d);
  });
  child.stderr.on('data', (d: Buffer) => {
    out += String(d);
    stderr += String(d);
  });
  const waitFor = (re: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${re}: ${out}`)), 30_000);
      const check = () => {
        const m = re.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m);
        }
      };
      child.stdout.on('data', check);
      child.stderr.on('data', check);
      child.on('exit', () => {
        clearTimeout(timer);
        reject(new Error(`exited before ${re}: ${out}`));
      });
      check();
    });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, waitFor, exited, output: () => out, stdout: () => stdout, stderr: () => stderr };
}

const stop = async (child: ChildProcess) => {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
};

function rows(dbFile: string, sql: string): unknown[] {
  const db = new Database(dbFile, { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

describe('xiaoniu run', () => {
  it('plays a simulated shift at high speed and stops by itself when every buyer is done: exit 0, everything stored', () => {
    const db = scratch();
    const r = runSync(['--speed', '5000', '--seed', '4', '--db', db]);
    expect(r.code, r.err).toBe(0);
    // stdout: the shift's figures, as `xiaoniu metrics` prints a day's. Nobody answered (no
    // auto-replies yet): 0 % replied, no response time — with 推荐回复 or without; 7 of the 12 scripts pay.
    expect(r.out).toMatch(/^这一班的服务数据（\d\d:\d\d:\d\d–\d\d:\d\d:\d\d，时区 Asia\/Shanghai）\n/);
    expect(r.out).toMatch(
      /\n接待人数 +12\n回复率 +0\.00%\n平均响应时间 +—\n首次响应时间 +—\n问答比 +0\.00\n询单转化率 +58\.33%\n客单价 +195\.69 元\n使用推荐回复 +—（0 次）\n未使用推荐回复 +—（0 次）\n$/,
    );
    const lines = r.err.trim().split('\n');
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d 后台值守已启动：数据库 .*x\.db，渠道 simulator，速度 5000 倍，随机种子 4。/);
    expect(r.err).toMatch(/渠道 simulator：已连接/);
    expect(r.err).toMatch(/买家 爱砍价的李哥：老板，这个羽绒服399太贵了/);
    expect(r.err).toMatch(/买家 爱砍价的李哥 下单 ¥399\.00/);
    expect(r.err).toMatch(/模拟接待结束：12 位买家，共 \d+ 条买家消息。/);
    expect(lines.at(-2)).toMatch(/渠道 simulator：已断开/);
    expect(lines.at(-1)).toBe('后台值守已停止。');
    expect(rows(db, `SELECT count(*) AS n, min(channel) AS c FROM buyer`)).toEqual([{ n: 12, c: 'simulator' }]);
    const logged = Number(/共 (\d+) 条买家消息/.exec(r.err)![1]);
    expect(rows(db, `SELECT count(*) AS n FROM message WHERE sender = 'buyer'`)).toEqual([{ n: logged }]);
    expect(rows(db, `SELECT sum(amount_fen) AS fen FROM order_event WHERE paid = 1`)).toEqual([{ fen: (79 + 129.9 + 255 + 199 + 59.9 + 379 + 268) * 100 }]);
    // The lease was given back.
    expect(rows(db, `SELECT * FROM host_lease`)).toEqual([]);
    // Every line is Chinese (buyers' own words aside, which are Chinese too).
    for (const line of lines) expect(foreignWords(line.replace(db, ''), ['simulator', 'Lily', 'Ctrl', 'L', 'M', 'T'])).toEqual([]);
  });

  it('--json prints the shift as the window gets it: the seven figures and the response time with and without 推荐回复, unrounded', () => {
    const db = scratch();
    const r = runSync(['--speed', '5000', '--seed', '4', '--json', '--db', db], { XIAONIU_LANG: 'en' });
    expect(r.code, r.err).toBe(0);
    const shift = JSON.parse(r.out) as { from: number; to: number; timezone: string; metrics: Record<string, unknown>; responseBySuggestion: unknown };
    expect(Object.keys(shift)).toEqual(['from', 'to', 'timezone', 'metrics', 'responseBySuggestion']);
    expect(shift.to).toBeGreaterThan(shift.from);
    expect(shift.timezone).toBe('Asia/Shanghai');
    expect(shift.metrics).toEqual({
      buyers: 12,
      replyRate: 0,
      avgResponseSeconds: null,
      avgFirstResponseSeconds: null,
      qaRatio: 0,
      conversion: 7 / 12,
      avgOrderValue: expect.closeTo((79 + 129.9 + 255 + 199 + 59.9 + 379 + 268) / 7, 9),
    });
    // Nobody answered: neither side has a turn, and neither average is 0.
    expect(shift.responseBySuggestion).toEqual({
      withSuggestion: { turns: 0, avgResponseSeconds: null },
      withoutSuggestion: { turns: 0, avgResponseSeconds: null },
    });
    // The log stays on stderr, in English.
    expect(r.err).toMatch(/Headless run stopped\.\n$/);
  });

  it('records --status at start; 挂起 lets no buyer in; SIGTERM stops it cleanly (exit 0, lease given back), in English too', async () => {
    const db = scratch();
    const run = start(bin, ['run', '--status', 'suspended', '--speed', '100', '--db', db], { XIAONIU_LANG: 'en' });
    await run.waitFor(/Agent status: suspended/);
    await run.waitFor(/Channel simulator: connected/);
    await new Promise((r) => setTimeout(r, 1500)); // 150 s of script time: several buyers would have come
    run.child.kill('SIGTERM');
    const { code } = await run.exited;
    expect(code, run.output()).toBe(0);
    // The log alone: stdout's figures may land anywhere between its lines in the merged output.
    expect(run.stderr()).toMatch(/Stopping…\n.*Channel simulator: disconnected\nHeadless run stopped\.\n$/);
    // Stopped by a signal, the run still prints its figures so far (nobody came: no buyers).
    expect(run.stdout()).toMatch(/^Service figures for the shift/m);
    expect(foreignChinese(run.output(), [])).toBe('');
    expect(rows(db, `SELECT status FROM status_change`)).toEqual([{ status: 'suspended' }]);
    expect(rows(db, `SELECT count(*) AS n FROM message`)).toEqual([{ n: 0 }]);
    expect(rows(db, `SELECT * FROM host_lease`)).toEqual([]);
  });

  it('refuses to share a database with the window, both ways, and takes over after a kill -9', async () => {
    const db = scratch();
    const serve = start(serveBin, ['--db', db, '--port', '0']);
    try {
      await serve.waitFor(/http:\/\/127\.0\.0\.1:\d+\/\?token=/);
      const refused = runSync(['--db', db]);
      expect(refused.code).toBe(2);
      expect(refused.err.trim()).toBe(
        `这个数据库正由小牛工作台使用（桌面程序或浏览器版 npm run serve，进程 ${serve.child.pid}）。同一个数据库不能同时打开小牛工作台和运行后台值守：请先关闭它，或用 --db 指定另一个数据库。`,
      );
      expect(runSync(['--db', db], { XIAONIU_LANG: 'en' }).err).toMatch(/^This database is in use by Xiaoniu \(the desktop app or the browser host, npm run serve; process \d+\)/);
    } finally {
      serve.child.kill('SIGTERM');
      await serve.exited;
    }
    const run = start(bin, ['run', '--speed', '0.01', '--db', db]);
    try {
      await run.waitFor(/已连接/);
      const window = spawnSync(process.execPath, [serveBin, '--db', db, '--port', '0'], { encoding: 'utf8', env: env(), timeout: 30_000 });
      expect(window.status).toBe(2);
      expect(window.stderr).toContain(`这个数据库正由后台值守（xiaoniu run，进程 ${run.child.pid}）使用。`);
      expect(window.stderr).toMatch(CJK);
      run.child.kill('SIGKILL');
      await run.exited;
    } finally {
      await stop(run.child);
    }
    // The killed run's lease is stale (its pid is gone): a new run starts at once.
    const again = start(bin, ['run', '--speed', '0.01', '--json', '--db', db]);
    await again.waitFor(/已连接/);
    again.child.kill('SIGINT');
    expect((await again.exited).code).toBe(0);
    // --json: exactly one document on stdout, also when a signal ends the run.
    const doc = JSON.parse(again.stdout()) as { metrics: { buyers: number }; from: number; to: number };
    expect(doc.to).toBeGreaterThan(doc.from);
    expect(typeof doc.metrics.buyers).toBe('number');
  });

  it('says what is wrong with a command line, exit 1, with the usage', () => {
    const cases: [string[], RegExp][] = [
      [['--speed', '0'], /^速度必须是大于 0 的数（例如 1、10、0\.5）：0。/],
      [['--speed', 'fast'], /^速度必须是大于 0 的数.*：fast。/],
      [['--buyers', '0'], /^买家人数必须是 1 到 10000 之间的整数：0。/],
      [['--seed', '1.5'], /^随机种子必须是整数：1\.5。/],
      [['--status', 'sleeping'], /^无效的状态 sleeping。可用的状态：online、busy、away、suspended。/],
      [['--channel', 'xmpp'], /^不支持的渠道 xmpp。可用的渠道：simulator。/],
      [['now'], /now/],
    ];
    for (const [args, message] of cases) {
      const r = runSync([...args, '--db', scratch()]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.err, args.join(' ')).toMatch(message);
      expect(r.err).toContain('xiaoniu run [--channel simulator]');
    }
    // With --json a usage error is JSON too.
    const json = runSync(['--json', '--speed', '0']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out).error).toMatch(/^速度必须是大于 0 的数/);
    const help = spawnSync(process.execPath, [bin, 'run', '--help'], { encoding: 'utf8', env: env({ XIAONIU_LANG: 'en' }) });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage:\n {2}xiaoniu run/);
    expect(spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8', env: env() }).stdout).toMatch(/run {10}后台值守/);
  });
});
