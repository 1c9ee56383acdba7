import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../main/store/db';
import { virtualClock } from '../../main/shared/clock';
import { createChatService } from '../../main/chat/service';
import { fileSource } from '../../main/chat/transcript';

/**
 * Chat-history measurements (docs/transcripts.md "Speed"): a deterministic generator of shop-chat
 * transcripts, and a probe that times ingest with the search index and history search on a
 * generated database. `node dist/tests/bench/chat-history.js probe [messages] [dir]`;
 * `… generate FILE messages [json|jsonl]` writes a transcript only.
 */

const WORDS = (
  '亲 您好 在吗 在的 请问 这款 有货 现货 吗 发货 什么时候 今天 明天 快递 顺丰 中通 圆通 包邮 不包邮 尺码 大小 偏大 偏小 正常 ' +
  '码数 身高 体重 斤 厘米 质量 怎么样 好不好 正品 保证 假一赔十 优惠 优惠券 便宜 点 可以 不可以 能不能 少 一点 打折 满减 活动 ' +
  '双十一 退货 换货 七天无理由 运费险 退款 已经 申请 了 同意 颜色 黑色 白色 红色 蓝色 实拍 图片 看看 发一下 谢谢 好的 收到 ' +
  '没收到 物流 单号 查一下 破损 质量问题 客服 老板 拍下 付款 下单 改地址 备注 赠品 送 什么 多久 到 北京 上海 广州 深圳 杭州 ' +
  '成都 ， 。 ？ ！ ~ 哈哈 嗯 哦 呢 啊 吧 的 是 不 也 都 还 就 我 你 这个 那个 一件 两件 衣服 裤子 鞋子 裙子 外套 T恤 纯棉 ' +
  '面料 起球 掉色 缩水 机洗 手洗 /:^_^ Size XL M'
).split(' ');

/** A seeded xorshift PRNG in [0, 1). */
export function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

/** A message of 2–9 shop-talk words (≈ 12 characters on average), now and then a number. */
export function messageText(rand: () => number): string {
  const n = 2 + Math.floor(rand() * 8);
  let t = '';
  for (let i = 0; i < n; i++) {
    t += WORDS[Math.floor(rand() * WORDS.length)];
    if (rand() < 0.05) t += Math.floor(rand() * 1000);
  }
  return t;
}

/**
 * Writes a transcript of `messages` buyer/agent messages across `messages / 50` buyers (plus an
 * order now and then), a few seconds apart from 2026-03-01 on, as JSON Lines or one JSON document,
 * streamed to disk. Returns the number of events written.
 */
export function generateTranscript(file: string, messages: number, format: 'json' | 'jsonl' = 'jsonl', seed = 7): number {
  const rand = prng(seed);
  const buyers = Math.max(1, Math.floor(messages / 50));
  const fd = fs.openSync(file, 'w');
  let out: string[] = [format === 'jsonl' ? '{"timezone":"Asia/Shanghai"}\n' : '{"timezone":"Asia/Shanghai","events":[\n'];
  let t = Date.UTC(2026, 1, 28, 16);
  let events = 0;
  const write = (e: object) => {
    out.push((format === 'json' && events ? ',\n' : '') + JSON.stringify(e) + (format === 'jsonl' ? '\n' : ''));
    events++;
    if (out.length >= 5000) {
      fs.writeSync(fd, out.join(''));
      out = [];
    }
  };
  for (let i = 0; i < messages; i++) {
    t += 500 + Math.floor(rand() * 4000);
    const buyer = `tb_${Math.floor(rand() * buyers)}`;
    const at = new Date(t + 8 * 3_600_000).toISOString().replace('Z', '+08:00');
    write({ at, type: rand() < 0.55 ? 'buyer' : 'agent', buyer, text: messageText(rand) });
    if (rand() < 0.01) write({ at, type: 'order', buyer, amount: Math.floor(rand() * 50000) / 100, paid: rand() < 0.7 });
  }
  out.push(format === 'json' ? '\n]}\n' : '');
  fs.writeSync(fd, out.join(''));
  fs.closeSync(fd);
  return events;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
}

/** Times ingest (import and per-message appends) and history search on `messages` generated messages. */
export function probe(messages: number, dir: string): Record<string, unknown> {
  fs.mkdirSync(dir, { recursive: true });
  const transcript = path.join(dir, `probe-${messages}.jsonl`);
  generateTranscript(transcript, messages);
  const result: Record<string, unknown> = { messages, transcriptMB: +(fs.statSync(transcript).size / 1e6).toFixed(1) };

  // 1. A transcript import: one transaction, streamed.
  const dbFile = path.join(dir, `probe-${messages}.db`);
  for (const f of [dbFile, dbFile + '-wal', dbFile + '-shm']) fs.rmSync(f, { force: true });
  const db = openDatabase(dbFile);
  const chat = createChatService(db, virtualClock(Date.UTC(2026, 5, 1)), { timeZone: () => 'Asia/Shanghai' });
  let cpu = process.cpuUsage();
  let wall = performance.now();
  const source = fileSource(transcript);
  const summary = chat.importTranscript(source);
  source.close();
  wall = (performance.now() - wall) / 1000;
  let cpuS = cpuSeconds(cpu);
  result.import = { stored: summary.messages, seconds: +wall.toFixed(2), cpuSeconds: +cpuS.toFixed(2), perSecond: Math.round(summary.messages / wall), perCpuSecond: Math.round(summary.messages / cpuS) };
  db.pragma('wal_checkpoint(TRUNCATE)');
  result.dbMB = +(fs.statSync(dbFile).size / 1e6).toFixed(1);

  // 2. History search, newest 50: 1-, 2- and 4-character queries taken from the messages themselves.
  const rand = prng(99);
  const bodies = db.prepare(`SELECT body FROM message WHERE id IN (SELECT id FROM message ORDER BY random() LIMIT 2000)`).pluck().all() as string[];
  const queriesOf = (len: number) => {
    const qs: string[] = [];
    while (qs.length < 200) {
      const b = bodies[Math.floor(rand() * bodies.length)]!;
      if (b.length < len) continue;
      const at = Math.floor(rand() * (b.length - len + 1));
      const q = b.slice(at, at + len);
      if (!/\s/.test(q)) qs.push(q);
    }
    return qs;
  };
  const search: Record<string, unknown> = {};
  for (const len of [1, 2, 4]) {
    const times: number[] = [];
    let hits = 0;
    for (const q of queriesOf(len)) {
      const t0 = performance.now();
      hits += chat.search(q, 50).length;
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    search[`${len}char`] = { p50: +percentile(times, 0.5).toFixed(2), p95: +percentile(times, 0.95).toFixed(2), max: +times[times.length - 1]!.toFixed(2), meanHits: +(hits / times.length).toFixed(1) };
  }
  result.searchMs = search;
  db.close();

  // 3. Live-style ingest: appendMessages (buyer lookup, dedupe, id, message, postings, activity), 1,000 per transaction.
  const liveFile = path.join(dir, `probe-live-${messages}.db`);
  for (const f of [liveFile, liveFile + '-wal', liveFile + '-shm']) fs.rmSync(f, { force: true });
  const live = openDatabase(liveFile);
  const clock = virtualClock(Date.UTC(2026, 2, 1));
  const liveChat = createChatService(live, clock, { timeZone: () => 'Asia/Shanghai' });
  const r2 = prng(5);
  const drafts = Array.from({ length: messages }, (_, i) => ({
    channel: 'simulator',
    buyerId: `sim_${Math.floor(r2() * Math.max(1, messages / 50))}`,
    sender: (r2() < 0.55 ? 'buyer' : 'agent') as 'buyer' | 'agent',
    body: messageText(r2),
    channelMessageId: `m${i}`,
    at: Date.UTC(2026, 2, 1) + i * 3,
  }));
  cpu = process.cpuUsage();
  wall = performance.now();
  for (let i = 0; i < messages; i += 1000) liveChat.appendMessages(drafts.slice(i, i + 1000));
  wall = (performance.now() - wall) / 1000;
  cpuS = cpuSeconds(cpu);
  result.append = { seconds: +wall.toFixed(2), cpuSeconds: +cpuS.toFixed(2), perSecond: Math.round(messages / wall), perCpuSecond: Math.round(messages / cpuS) };
  live.close();
  result.loadAverage = os.loadavg().map((l) => +l.toFixed(1));
  return result;
}

if (require.main === module) {
  const [cmd, a, b, c] = process.argv.slice(2);
  if (cmd === 'generate') console.log(generateTranscript(a!, Number(b), (c as 'json' | 'jsonl') ?? 'jsonl'));
  else console.log(JSON.stringify(probe(Number(a ?? 200_000), b ?? path.join(os.tmpdir(), 'xiaoniu-probe')), null, 2));
}
