import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';

/**
 * The real browser host (`bin/xiaoniu-serve.js`, compiled: run `npm run build` first) against a
 * client that speaks raw TCP: handcrafted WebSocket frames (RFC 6455 §5.2) that break the protocol
 * one rule at a time, and messages that are valid frames but hostile calls. After each, the
 * process must still be running and answer an ordinary call. A host that dies here ends on one
 * message from any page or script on the machine that knows the token.
 */

const root = path.resolve(__dirname, '..', '..');
let child: ChildProcess;
let port = 0;
let token = '';
let stderr = '';
let dir = '';

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoniu-frames-'));
  token = crypto.randomBytes(12).toString('hex');
  child = spawn(process.execPath, [path.join(root, 'bin', 'xiaoniu-serve.js'), '--db', path.join(dir, 'x.db'), '--port', '0', '--token', token], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, XIAONIU_LANG: 'en' },
  });
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/127\.0\.0\.1:(\d+)\/\?token=/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`host exited (${code}) before starting: ${stderr} — run npm run build`)));
  });
}, 30_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await gone;
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A client frame: FIN/RSV bits, opcode, masked unless told otherwise, any declared length. */
function frame(opts: { opcode: number; payload?: Buffer; fin?: boolean; rsv?: number; mask?: boolean; declaredLength?: bigint }): Buffer {
  const payload = opts.payload ?? Buffer.alloc(0);
  const mask = opts.mask ?? true;
  const first = ((opts.fin ?? true) ? 0x80 : 0) | ((opts.rsv ?? 0) << 4) | opts.opcode;
  const len = opts.declaredLength ?? BigInt(payload.length);
  let header: Buffer;
  if (len < 126n) header = Buffer.from([first, (mask ? 0x80 : 0) | Number(len)]);
  else if (len < 65536n) {
    header = Buffer.alloc(4);
    header[0] = first;
    header[1] = (mask ? 0x80 : 0) | 126;
    header.writeUInt16BE(Number(len), 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = first;
    header[1] = (mask ? 0x80 : 0) | 127;
    header.writeBigUInt64BE(len, 2);
  }
  if (!mask) return Buffer.concat([header, payload]);
  const key = crypto.randomBytes(4);
  const masked = Buffer.from(payload);
  for (let i = 0; i < masked.length; i++) masked[i]! ^= key[i % 4]!;
  return Buffer.concat([header, key, masked]);
}

const text = (s: string | Buffer, extra: Partial<Parameters<typeof frame>[0]> = {}) =>
  frame({ opcode: 0x1, payload: Buffer.isBuffer(s) ? s : Buffer.from(s), ...extra });

/** A raw socket after a successful upgrade, with what the server sent since. */
interface Raw {
  socket: net.Socket;
  /** Server bytes after the 101 response. */
  received(): Buffer;
  /** Resolves when the server has closed the TCP connection. */
  ended: Promise<void>;
}

function rawConnect(requestPath = `/bridge?token=${token}`): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let buf = Buffer.alloc(0);
    let upgraded = false;
    const ended = new Promise<void>((r) => socket.once('close', () => r()));
    socket.on('error', () => {});
    socket.once('close', () => {
      if (!upgraded) reject(new Error(`no upgrade: connection closed (host running: ${child.exitCode === null})`));
    });
    socket.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (upgraded) return;
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buf.subarray(0, end).toString('latin1');
      if (!head.startsWith('HTTP/1.1 101')) return reject(new Error(head.split('\r\n')[0]));
      upgraded = true;
      buf = buf.subarray(end + 4);
      resolve({ socket, received: () => buf, ended });
    });
    socket.once('connect', () =>
      socket.write(
        `GET ${requestPath} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${crypto.randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      ),
    );
  });
}

/** The status code of the first close frame (opcode 8) the server sent, or null. */
function closeCode(bytes: Buffer): number | null {
  let i = 0;
  while (i + 2 <= bytes.length) {
    const opcode = bytes[i]! & 0x0f;
    let len = bytes[i + 1]! & 0x7f;
    let at = i + 2;
    if (len === 126) {
      len = bytes.readUInt16BE(at);
      at += 2;
    } else if (len === 127) {
      len = Number(bytes.readBigUInt64BE(at));
      at += 8;
    }
    if (opcode === 0x8) return len >= 2 ? bytes.readUInt16BE(at) : 1005;
    i = at + len;
  }
  return null;
}

/** The server's text frames after the handshake, as JSON. */
function textMessages(bytes: Buffer): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  while (i + 2 <= bytes.length) {
    const opcode = bytes[i]! & 0x0f;
    let len = bytes[i + 1]! & 0x7f;
    let at = i + 2;
    if (len === 126) {
      len = bytes.readUInt16BE(at);
      at += 2;
    } else if (len === 127) {
      len = Number(bytes.readBigUInt64BE(at));
      at += 8;
    }
    if (at + len > bytes.length) break;
    if (opcode === 0x1) out.push(JSON.parse(bytes.subarray(at, at + len).toString('utf8')));
    i = at + len;
  }
  return out;
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The proof the host survived: still running, and an ordinary client gets an ordinary answer. */
async function expectHostAnswers(): Promise<void> {
  expect(child.exitCode, `host exited; stderr:\n${stderr}`).toBeNull();
  const ws = new WebSocket(`ws://127.0.0.1:${port}/bridge?token=${token}`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const answer = await new Promise<{ id: number; result: { ok: boolean; value: { name: string }[] } }>((resolve) => {
    ws.once('message', (d) => resolve(JSON.parse(d.toString())));
    ws.send(JSON.stringify({ id: 7, method: 'phrases.listGroups', args: {} }));
  });
  ws.close();
  expect(answer.id).toBe(7);
  expect(answer.result.ok).toBe(true);
  expect(answer.result.value.map((g) => g.name)).toContain('默认分组');
}

describe('browser host: malformed frames close the socket with the RFC 6455 status, and the host lives on', () => {
  const cases: { name: string; bytes: () => Buffer; status: number }[] = [
    { name: 'an unmasked client frame (§5.1)', bytes: () => text('{"id":1}', { mask: false }), status: 1002 },
    { name: 'bad UTF-8 in a text frame (§8.1)', bytes: () => text(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), status: 1007 },
    { name: 'a truncated UTF-8 sequence (§8.1)', bytes: () => text(Buffer.from([0xe4, 0xb8])), status: 1007 },
    { name: 'RSV1 set without a negotiated extension (§5.2)', bytes: () => text('{}', { rsv: 4 }), status: 1002 },
    { name: 'RSV2 set', bytes: () => text('{}', { rsv: 2 }), status: 1002 },
    { name: 'RSV3 set', bytes: () => text('{}', { rsv: 1 }), status: 1002 },
    { name: 'a length of 2^63 − 1 (absurd)', bytes: () => frame({ opcode: 1, declaredLength: 2n ** 63n - 1n }), status: 1009 },
    { name: 'a length past the 96 MB limit', bytes: () => frame({ opcode: 1, declaredLength: 2n ** 40n }), status: 1009 },
    { name: 'a length with the top bit set (§5.2: MUST be 0)', bytes: () => frame({ opcode: 1, declaredLength: 2n ** 63n + 5n }), status: 1009 },
    { name: 'a reserved opcode (0x3)', bytes: () => frame({ opcode: 0x3, payload: Buffer.from('x') }), status: 1002 },
    { name: 'a reserved control opcode (0xB)', bytes: () => frame({ opcode: 0xb }), status: 1002 },
    { name: 'a fragmented ping (§5.5)', bytes: () => frame({ opcode: 0x9, fin: false }), status: 1002 },
    { name: 'a ping longer than 125 bytes (§5.5)', bytes: () => frame({ opcode: 0x9, payload: Buffer.alloc(126) }), status: 1002 },
    { name: 'a continuation with nothing to continue (§5.4)', bytes: () => frame({ opcode: 0x0, payload: Buffer.from('x') }), status: 1002 },
    {
      name: 'a new text frame inside a fragmented message (§5.4)',
      bytes: () => Buffer.concat([text('{"id":', { fin: false }), text('1}')]),
      status: 1002,
    },
    { name: 'a close frame with a 1-byte body (§5.5.1)', bytes: () => frame({ opcode: 0x8, payload: Buffer.from([3]) }), status: 1002 },
    { name: 'a close frame with status 999 (§7.4)', bytes: () => frame({ opcode: 0x8, payload: Buffer.from([0x03, 0xe7]) }), status: 1002 },
    {
      name: 'a close frame whose reason is bad UTF-8',
      bytes: () => frame({ opcode: 0x8, payload: Buffer.from([0x03, 0xe8, 0xff]) }),
      status: 1007,
    },
    {
      name: 'a message in 20,000 fragments (past ws’s 16,384)',
      bytes: () => Buffer.concat([text('[', { fin: false }), ...Array.from({ length: 20_000 }, () => frame({ opcode: 0, fin: false, payload: Buffer.from(' ') }))]),
      status: 1008,
    },
  ];

  for (const c of cases) {
    it(`${c.name} → close ${c.status}`, async () => {
      const raw = await rawConnect();
      raw.socket.write(c.bytes());
      await raw.ended;
      expect(closeCode(raw.received())).toBe(c.status);
      await expectHostAnswers();
    });
  }

  it('a text frame after the client’s own close frame, and a socket cut mid-frame', async () => {
    const raw = await rawConnect();
    raw.socket.write(Buffer.concat([frame({ opcode: 0x8, payload: Buffer.from([0x03, 0xe8]) }), text('{"id":1,"method":"phrases.list","args":{}}')]));
    await raw.ended;
    expect(closeCode(raw.received())).toBe(1000);
    expect(textMessages(raw.received())).toEqual([]);
    const cut = await rawConnect();
    cut.socket.write(text('{"id":2,"method":"phrases.list","args":{}}').subarray(0, 9));
    cut.socket.destroy();
    await expectHostAnswers();
  });

  it('a reply to a call whose client is gone is dropped, not thrown', async () => {
    const raw = await rawConnect();
    // A slow call (the whole list) and the connection reset before it is answered.
    raw.socket.write(text('{"id":3,"method":"phrases.list","args":{}}'));
    raw.socket.resetAndDestroy();
    await raw.ended;
    await new Promise((r) => setTimeout(r, 200));
    await expectHostAnswers();
  });

  it('garbage instead of HTTP, and a request line whose URL cannot be parsed, get a 400', async () => {
    for (const request of ['\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 hello\r\n\r\n', 'GET http://[ HTTP/1.1\r\nHost: x\r\n\r\n', `GET http://[ HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${crypto.randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`]) {
      const reply = await new Promise<string>((resolve) => {
        const s = net.connect(port, '127.0.0.1', () => s.write(request));
        let got = '';
        // The status line is the answer (a 400 to a plain GET keeps the connection for keep-alive).
        s.on('data', (d) => {
          got += d.toString('latin1');
          if (got.includes('\r\n')) s.destroy();
        });
        s.on('error', () => {});
        s.on('close', () => resolve(got));
      });
      expect(reply.split('\r\n')[0]).toMatch(/^HTTP\/1\.1 (400|403) /);
    }
    await expectHostAnswers();
  });
});

describe('browser host: valid frames carrying hostile calls get a typed error on an open socket', () => {
  async function ask(payload: Buffer | string, binary = false): Promise<{ id: unknown; result: { ok: boolean; error?: { code: string; params: Record<string, unknown> } } }> {
    const raw = await rawConnect();
    raw.socket.write(binary ? frame({ opcode: 0x2, payload: Buffer.from(payload) }) : text(payload));
    await until(() => textMessages(raw.received()).length > 0);
    const [reply] = textMessages(raw.received()) as never[];
    expect(closeCode(raw.received())).toBeNull();
    raw.socket.destroy();
    return reply!;
  }

  it('a method that is an object with a toString key → ipc.unknownMethod', async () => {
    for (const method of ['{"toString":"x"}', '{"toString":1,"valueOf":2}', '[]', '{"__proto__":{"toString":1}}', 'null', '123']) {
      const reply = await ask(`{"id":11,"method":${method},"args":{}}`);
      expect(reply).toEqual({ id: 11, result: { ok: false, error: { code: 'ipc.unknownMethod', params: { method: expect.stringMatching(/^\((object|null|number)\)$/) } } } });
    }
    await expectHostAnswers();
  });

  it('a binary frame → ipc.badMessage', async () => {
    expect((await ask('{"id":1,"method":"phrases.list","args":{}}', true)).result.error).toEqual({ code: 'ipc.badMessage', params: { reason: 'binary' } });
  });

  it('JSON nested 10,000,000 deep → ipc.badMessage at once, without parsing it', async () => {
    const deep = '{"id":1,"method":"phrases.search","args":' + '['.repeat(10_000_000) + ']'.repeat(10_000_000) + '}';
    const started = Date.now();
    expect((await ask(deep)).result.error).toEqual({ code: 'ipc.badMessage', params: { reason: 'depth' } });
    expect(Date.now() - started).toBeLessThan(5000);
    // Deep but under the limit is the validator's business: a bad argument, not a crash.
    expect((await ask('{"id":1,"method":"phrases.search","args":' + '['.repeat(30) + ']'.repeat(30) + '}')).result.error?.code).toBe('ipc.badArgument');
  });

  it('an id that is not a safe integer, a non-object message, bad base64 → ipc.badMessage', async () => {
    for (const [message, reason] of [
      ['{"id":9007199254740993,"method":"phrases.list","args":{}}', 'id'],
      ['{"id":1e400,"method":"phrases.list","args":{}}', 'id'],
      ['{"id":1.5,"method":"phrases.list","args":{}}', 'id'],
      ['{"id":"1","method":"phrases.list","args":{}}', 'id'],
      ['[1,"phrases.list",{}]', 'shape'],
      ['"hello"', 'shape'],
      ['{"id":1,', 'json'],
      ['{"id":1,"method":"packs.preview","args":{"bytes":{"$bytes":"**not base64**"}}}', 'json'],
    ] as const) {
      expect((await ask(message)).result, message).toEqual({ ok: false, error: { code: 'ipc.badMessage', params: { reason } } });
    }
    await expectHostAnswers();
  });

  it('the host logged each refused frame as one line and never a stack trace', () => {
    expect(stderr).toContain('WS_ERR_EXPECTED_MASK');
    expect(stderr).toContain('WS_ERR_INVALID_UTF8');
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
