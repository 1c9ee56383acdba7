import readline from 'node:readline';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createApp } from '../../main/app';
import { RENDERER_DIR } from '../../main/host/serve';
import { startBrowserHost } from '../../main/host/server';
import type { ShiftInfo } from '../../main/channels/shift';

/**
 * The chat bench's peak-mode host (README.md "Benchmarks"), its own process as `npm run serve`
 * is: the browser host started exactly as `main/host/serve.ts` starts it — the window's lease, the
 * simulator channel following 基本设置 — but with the simulator's buyer scripts read from
 * SCRIPTS_DIR, and the main thread's event loop watched (`monitorEventLoopDelay`) while a shift
 * runs. The database must have `simulator.enabled` false, so that nothing arrives before the
 * page is open.
 *
 *   node dist/tests/bench/peak-host.js DB SCRIPTS_DIR BUYERS
 *
 * Talks JSON lines. Prints `{url}` once listening. On `start` from stdin: starts a training shift
 * (`simulator.startShift`, the call 开始模拟接待 makes: speed 1, BUYERS buyers, peak mode) with the
 * loop's histogram reset, and prints `{started}`; prints `{ended}` when the shift's event says it
 * ended. On `stop`: prints `{loop, stored}` — the histogram in ms (each sample includes the 5 ms
 * sampling interval, so it overstates a delay by up to 5 ms) and what the store holds of the
 * buyers' messages — then closes the host and the app and exits 0.
 */
const RESOLUTION_MS = 5;

async function main(): Promise<void> {
  const [dbFile, scriptsDir, buyersText] = process.argv.slice(2);
  const buyers = Number(buyersText);
  const say = (value: unknown) => process.stdout.write(JSON.stringify(value) + '\n');
  const host = await startBrowserHost({
    app: () => createApp({
        dbFile: dbFile!,
        seedStarterPack: true,
        hold: 'window',
        channel: 'simulator',
        simulatorFollowsSetting: true,
        waitForSearchIndex: false,
        simulator: { scriptsDir: scriptsDir! },
      }),
    rendererDir: RENDERER_DIR,
    port: 0,
    log: (message, e) => console.error(message, ...(e === undefined ? [] : [e])),
  });
  const app = host.app;
  const loop = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  // The longest delay of each second of the shift, to tell where a stall fell.
  const second = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  const perSecond: number[] = [];
  let ticker: NodeJS.Timeout | null = null;
  app.onEvent((event, payload) => {
    if (event !== 'simulator.shift') return;
    const info = payload as ShiftInfo;
    if (info.state === 'ended') say({ ended: { how: info.how, progress: info.progress, startedAt: info.startedAt, endedAt: info.endedAt } });
  });
  say({ url: host.url });

  const lines = readline.createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (line === 'start') {
      loop.reset();
      loop.enable();
      second.enable();
      ticker = setInterval(() => {
        perSecond.push(Math.round(second.max / 1e6));
        second.reset();
      }, 1000);
      const r = await app.call('simulator.startShift', { speed: 1, buyers, peak: true });
      if (!r.ok) throw new Error(`simulator.startShift refused: ${JSON.stringify(r.error)}`);
      say({ started: (r.value as ShiftInfo).state });
    } else if (line === 'stop') {
      loop.disable();
      second.disable();
      if (ticker) clearInterval(ticker);
      const ms = (ns: number) => ns / 1e6;
      const stored = app.db
        .prepare(
          `SELECT count(*) AS messages,
                  count(DISTINCT m.conversation_id || ':' || m.channel_message_id) AS distinctMessages,
                  count(DISTINCT m.conversation_id) AS conversations,
                  min(m.created_at) AS first, max(m.created_at) AS last
             FROM message m WHERE m.sender = 'buyer'`,
        )
        .get();
      say({
        loop: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max), mean: ms(loop.mean), samples: loop.count, resolution: RESOLUTION_MS, perSecond },
        stored,
      });
      await host.close();
      await app.close();
      process.exit(0);
    }
  }
}

void main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});
