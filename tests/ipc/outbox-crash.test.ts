import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../../main/store/db';
import { createChatService } from '../../main/chat/service';
import { systemClock } from '../../main/shared/clock';

/**
 * The outbox across a kill -9 (docs/channels.md "The outbox"): a real process, running the
 * compiled outbox (dist/ — run `npm run build` first if it is missing), is killed with SIGKILL in
 * the middle of a send, then a new process on the same database sends what is left. The channel
 * in the child stands for the remote end (a server, the buyer): it keeps what it delivered in a
 * file, outside the killed process, and — as channel.ts requires of every channel — delivers a
 * clientId once. The buyer must receive the message exactly once, and the store must say `sent`.
 */
const root = path.resolve(__dirname, '..', '..');
const dist = path.join(root, 'dist', 'main');

const CHILD = `
const fs = require('node:fs');
const [dist, dbFile, remoteFile, mode] = process.argv.slice(1);
const { openDatabase } = require(dist + '/store/db.js');
const { createOutbox } = require(dist + '/chat/outbox.js');
const { realScheduler } = require(dist + '/shared/scheduler.js');
const delivered = () => (fs.existsSync(remoteFile) ? fs.readFileSync(remoteFile, 'utf8').split('\\n').filter(Boolean).map((l) => JSON.parse(l)) : []);
const channel = {
  name: 'simulator',
  state: 'connected',
  connect: async () => {},
  disconnect: async () => {},
  send(m) {
    if (mode === 'die-before-take') {
      process.stdout.write('sending\\n');
      return new Promise(() => {});
    }
    const seen = delivered().find((d) => d.clientId === m.clientId);
    if (seen) return Promise.resolve({ channelMessageId: seen.id });
    const id = 'remote-' + (delivered().length + 1);
    const fd = fs.openSync(remoteFile, 'a');
    fs.writeSync(fd, JSON.stringify({ clientId: m.clientId, id, body: m.body }) + '\\n');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    if (mode === 'die-after-take') {
      // The channel has taken it; the store has not yet heard. The parent kills us now.
      process.stdout.write('taken\\n');
      return new Promise(() => {});
    }
    return Promise.resolve({ channelMessageId: id });
  },
};
const db = openDatabase(dbFile);
const outbox = createOutbox({ db, scheduler: realScheduler(), channel: (n) => (n === 'simulator' ? channel : undefined), emit: () => {} });
outbox.kick();
outbox.idle().then(() => { db.close(); process.stdout.write('done\\n'); });
`;

function child(dbFile: string, remoteFile: string, mode: string) {
  const p = spawn(process.execPath, ['-e', CHILD, dist, dbFile, remoteFile, mode]);
  let out = '';
  let err = '';
  p.stdout.on('data', (d: Buffer) => (out += String(d)));
  p.stderr.on('data', (d: Buffer) => (err += String(d)));
  const said = (word: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => out.includes(word) && resolve();
      p.stdout.on('data', check);
      p.on('exit', (code) => reject(new Error(`child exited (${code}) before "${word}": ${out} ${err}`)));
      check();
    });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => p.on('exit', (code, signal) => resolve({ code, signal })));
  return { p, said, exited, output: () => out + err };
}

function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoniu-crash-'));
  const dbFile = path.join(dir, 'x.db');
  const remoteFile = path.join(dir, 'remote.jsonl');
  const db = openDatabase(dbFile);
  const chat = createChatService(db, systemClock, { timeZone: () => 'Asia/Shanghai' });
  chat.appendMessage({ channel: 'simulator', buyerId: 'sim-buyer', sender: 'buyer', body: '在吗', channelMessageId: 'b1' });
  // Stored pending with no clientId, as a window might: the outbox must give it one, durably, before the first send.
  const { message } = chat.appendMessage({ channel: 'simulator', buyerId: 'sim-buyer', sender: 'agent', body: '亲，在的，请问有什么可以帮您？', state: 'pending' });
  db.close();
  const row = () => {
    const d = new BetterSqlite3(dbFile, { readonly: true });
    const r = d.prepare('SELECT state, client_id, channel_message_id FROM message WHERE id = ?').get(message.id) as { state: string; client_id: string | null; channel_message_id: string | null };
    d.close();
    return r;
  };
  const remote = () => (fs.existsSync(remoteFile) ? fs.readFileSync(remoteFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { clientId: string; id: string; body: string }) : []);
  return { dbFile, remoteFile, row, remote };
}

describe('the outbox across a kill -9', () => {
  it('killed after the channel took the message but before the store marked it sent: the restart delivers it exactly once', async () => {
    expect(fs.existsSync(path.join(dist, 'chat', 'outbox.js')), 'dist/main/chat/outbox.js is missing: run npm run build').toBe(true);
    const { dbFile, remoteFile, row, remote } = setup();
    const first = child(dbFile, remoteFile, 'die-after-take');
    await first.said('taken');
    first.p.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    expect(remote()).toHaveLength(1);
    const before = row();
    expect(before.state).toBe('pending');
    expect(before.client_id).toBe(remote()[0]!.clientId);

    const second = child(dbFile, remoteFile, 'normal');
    await second.said('done');
    expect((await second.exited).code, second.output()).toBe(0);
    expect(remote()).toEqual([{ clientId: before.client_id, id: 'remote-1', body: '亲，在的，请问有什么可以帮您？' }]);
    expect(row()).toEqual({ state: 'sent', client_id: before.client_id, channel_message_id: 'remote-1' });
  });

  it('killed before the channel took it: the restart delivers it once', async () => {
    const { dbFile, remoteFile, row, remote } = setup();
    const first = child(dbFile, remoteFile, 'die-before-take');
    await first.said('sending');
    first.p.kill('SIGKILL');
    await first.exited;
    expect(remote()).toEqual([]);
    expect(row().state).toBe('pending');

    const second = child(dbFile, remoteFile, 'normal');
    await second.said('done');
    expect(remote().map((r) => r.body)).toEqual(['亲，在的，请问有什么可以帮您？']);
    expect(row().state).toBe('sent');
    // A third start finds nothing pending and sends nothing.
    const third = child(dbFile, remoteFile, 'normal');
    await third.said('done');
    expect(remote()).toHaveLength(1);
  });
});
