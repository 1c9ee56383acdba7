import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { createApp, type App } from '../../main/app';
import { startBrowserHost, type BrowserHost } from '../../main/host/server';
import { decodeWire, encodeWire } from '../../main/ipc/wire';

/** The contract as the renderer reaches it: over the browser host's WebSocket bridge. */
let app: App;
let host: BrowserHost;
let rendererDir: string;

async function start(): Promise<void> {
  rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoniu-r-'));
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>x</title>');
  app = await createApp({ dbFile: ':memory:', seedStarterPack: true, log: () => {} });
  host = await startBrowserHost({ app, rendererDir });
}

afterEach(async () => {
  await host?.close();
  await app?.close();
});

function connect(token: string, origin?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/bridge?token=${encodeURIComponent(token)}`, origin ? { origin } : {});
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

let nextId = 1;
function call(ws: WebSocket, method: string, args: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; params: Record<string, unknown> } }> {
  const id = nextId++;
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const msg = decodeWire(data.toString()) as { id: number; result: never };
      if (msg.id === id) {
        ws.off('message', onMessage);
        resolve(msg.result);
      }
    };
    ws.on('message', onMessage);
    ws.send(encodeWire({ id, method, args }));
  });
}

describe('browser host bridge', () => {
  it('binds 127.0.0.1, serves the page with a strict CSP and refuses a wrong token or a foreign origin', async () => {
    await start();
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    const res = await fetch(`http://127.0.0.1:${host.port}/`);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await fetch(`http://127.0.0.1:${host.port}/../../etc/passwd`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${host.port}/%E0%A4%A`)).status).toBe(400);
    expect((await fetch(`http://127.0.0.1:${host.port}/`)).status).toBe(200);
    await expect(connect(host.token, `http://localhost:${host.port}`)).rejects.toThrow('HTTP 403');
    await expect(connect('wrong')).rejects.toThrow('HTTP 403');
    await expect(connect(host.token, 'http://evil.example')).rejects.toThrow('HTTP 403');
  });

  it('answers /token-check: 204 for this run\'s token, 403 for any other (the page cannot read a refused upgrade)', async () => {
    await start();
    const check = (query: string) => fetch(`http://127.0.0.1:${host.port}/token-check${query}`).then((r) => [r.status, r.headers.get('cache-control')]);
    expect(await check(`?token=${encodeURIComponent(host.token)}`)).toEqual([204, 'no-store']);
    expect(await check('?token=stale')).toEqual([403, 'no-store']);
    expect(await check(`?token=${encodeURIComponent(host.token)}x`)).toEqual([403, 'no-store']);
    expect(await check('')).toEqual([403, 'no-store']);
    // The page may fetch it: its CSP lets it connect to its own origin and the bridge only.
    const csp = (await fetch(`http://127.0.0.1:${host.port}/`)).headers.get('content-security-policy');
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${host.port};`);
  });

  it('binds before opening the app: a port in use rejects with EADDRINUSE and never opens it', async () => {
    await start();
    let opened = false;
    const second = startBrowserHost({
      app: async () => {
        opened = true;
        return app;
      },
      rendererDir,
      port: host.port,
    });
    await expect(second).rejects.toMatchObject({ code: 'EADDRINUSE' });
    expect(opened).toBe(false);
  });

  it('a host whose app fails to open stops listening and rejects with that error', async () => {
    await start();
    const port = host.port;
    await host.close();
    const failing = startBrowserHost({
      app: () => Promise.reject(new Error('cannot open')),
      rendererDir,
      port,
    });
    await expect(failing).rejects.toThrow('cannot open');
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
  });

  it('answers calls with values, and malformed calls with typed error codes', async () => {
    await start();
    const ws = await connect(host.token);
    const groups = await call(ws, 'phrases.listGroups', {});
    expect(groups.ok).toBe(true);
    expect((groups.value as { name: string }[]).map((g) => g.name)).toContain('退换货');
    expect((await call(ws, 'phrases.nope', {})).error?.code).toBe('ipc.unknownMethod');
    expect((await call(ws, '__proto__', {})).error?.code).toBe('ipc.unknownMethod');
    expect((await call(ws, 'phrases.create', { groupId: 'x', shortcutCode: null, content: 'a' })).error).toMatchObject({
      code: 'ipc.badArgument',
      params: { path: 'groupId' },
    });
    expect((await call(ws, 'phrases.search', null)).error?.code).toBe('ipc.badArgument');
    const dup = await call(ws, 'phrases.create', { groupId: 1, shortcutCode: 'HI', content: '新的一句' });
    expect(dup.error).toEqual({ code: 'phrase.codeTaken', params: { code: 'HI' } });
    ws.send('not json');
    const bad = await new Promise((r) => ws.once('message', (d) => r(JSON.parse(d.toString()))));
    expect(bad).toMatchObject({ result: { ok: false, error: { code: 'ipc.badMessage' } } });
    ws.close();
  });

  it('carries bytes both ways: preview and import a pack, export it back, with progress events', async () => {
    await start();
    const ws = await connect(host.token);
    const events: unknown[] = [];
    ws.on('message', (d) => {
      const m = decodeWire(d.toString()) as { event?: string; payload?: unknown };
      if (m.event) events.push(m.payload);
    });
    const bytes = new TextEncoder().encode('分组,快捷编码,短语内容\r\n物流,wl1,亲，今天发货\r\n物流,wl2,亲，明天到\r\n');
    const preview = await call(ws, 'packs.preview', { bytes });
    expect(preview.value).toMatchObject({ format: 'csv', encoding: 'utf-8', counts: { rows: 2, new: 2, duplicates: 0, problems: 0 } });
    const done = await call(ws, 'packs.import', { jobId: 'job1', bytes, replace: true });
    expect(done.value).toMatchObject({ imported: 2, duplicates: 0, groups: 1 });
    expect(events.at(-1)).toEqual({ jobId: 'job1', phase: 'write', done: 2, total: 2 });
    const list = (await call(ws, 'phrases.list', {})).value as { content: string }[];
    expect(list.map((p) => p.content)).toEqual(['亲，今天发货', '亲，明天到']);
    // A cancel that overtakes its import on the wire still cancels it, and nothing changes.
    expect((await call(ws, 'packs.cancel', { jobId: 'early' })).ok).toBe(true);
    expect((await call(ws, 'packs.import', { jobId: 'early', bytes, replace: true })).error?.code).toBe('pack.cancelled');
    const exported = (await call(ws, 'packs.export', { format: 'csv', groupIds: [] })).value as { bytes: Uint8Array; fileName: string };
    expect(exported.bytes).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(exported.bytes)).toBe('分组,快捷编码,短语内容\r\n物流,wl1,亲，今天发货\r\n物流,wl2,亲，明天到\r\n');
    ws.close();
  });
});
