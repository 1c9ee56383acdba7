import { createApp, type App } from '../app';
import { resolveDatabasePath } from '../store/paths';
import { localParts } from '../shared/time-zone';
import { asXiaoniuError } from '../shared/errors';
import { translate, type Locale } from '../i18n';
import type { HeadlessRun } from './args';
import type { Io } from './io';
import { rangeMetrics } from '../metrics/service';
import { metricsTable, suggestionRows } from './metrics';

/**
 * `xiaoniu run` (后台值守; docs/channels.md "xiaoniu run"): the app's main process without a
 * window — the channel, the outbox and (once it exists) the auto-reply engine — on the same
 * database, so a shop's always-on machine keeps serving buyers while the agent's laptop is shut.
 * It takes the database's lease as `run`: a window open on the same database refuses to start, and
 * this refuses while a window holds it (`run.heldByWindow`, exit 2).
 *
 * One line per event on stderr, in the CLI's language: connection changes, each message stored
 * (buyers', ours), each delivery state, order events, status changes, the shift's end. It stops
 * cleanly — channel disconnected, outbox stopped, lease given back, database closed, exit 0 — on
 * SIGINT or SIGTERM, or, with the simulator, once every scripted buyer of the shift has finished.
 */

/** The signals that stop a run (Ctrl+C, a service manager's stop). */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Runs until stopped; resolves to 0. Throws the store's errors and `run.heldByWindow` /
 * `run.heldByRun` {pid} before anything runs (the CLI turns them into a message and exit 2).
 */
export async function runHeadless(cmd: HeadlessRun, io: Io, locale: Locale): Promise<number> {
  const dbFile = resolveDatabasePath(cmd.db);
  let end!: (why: 'shift' | 'signal') => void;
  const ended = new Promise<'shift' | 'signal'>((resolve) => (end = resolve));
  let app: App | undefined;
  const line = (key: string, params: Record<string, string | number> = {}) => {
    const zone = app?.chat.timeZone() ?? 'UTC';
    const p = localParts(app?.clock.now() ?? Date.now(), zone);
    const time = [p.hour, p.minute, p.second].map((n) => String(n).padStart(2, '0')).join(':');
    io.err(`${time} ${translate(locale, `run.${key}`, params)}\n`);
  };
  const names = new Map<string, string>();
  app = await createApp({
    dbFile,
    hold: 'run',
    simulator: {
      seed: cmd.seed,
      speed: cmd.speed,
      peak: cmd.peak,
      ...(cmd.buyers !== undefined ? { buyers: cmd.buyers } : {}),
      onShiftEnd: () => end('shift'),
    },
    onOrder: (o) => line(o.paid ? 'paid' : 'ordered', { name: names.get(o.buyerId) ?? o.buyerId, amount: (o.amountFen / 100).toFixed(2) }),
    // The app's log lines are for developers (English); the reader gets the error's sentence. A
    // message that failed to send is told by its state line, without an error here.
    log: (_message, e) => {
      if (e === undefined) return;
      const known = asXiaoniuError(e);
      line('problem', { message: known ? translate(locale, `errors.${known.code}`, known.params) : translate(locale, 'errors.internal') });
    },
  });
  const onSignal = () => end('signal');
  for (const s of STOP_SIGNALS) process.on(s, onSignal);
  let buyerMessages = 0;
  try {
    app.onEvent((event, payload) => {
      switch (event) {
        case 'chat.connection': {
          const c = payload as { channel: string; state: string };
          line(`connection.${c.state}`, { channel: c.channel });
          break;
        }
        case 'chat.message': {
          const { message, contact } = payload as import('../chat/events').ChatEvents['chat.message'];
          const name = contact.buyer.nickname ?? contact.buyer.buyerId;
          names.set(contact.buyer.buyerId, name);
          const text = message.body.replace(/\r\n?|\n/g, '⏎');
          if (message.sender === 'buyer') buyerMessages++;
          const key = message.sender === 'buyer' ? (message.automatic ? 'buyerSaysAuto' : 'buyerSays') : message.sender === 'autoReply' ? 'autoReplySays' : 'agentSays';
          line(key, { name, text });
          break;
        }
        case 'chat.messageState': {
          const s = payload as import('../chat/events').ChatEvents['chat.messageState'];
          line(`state.${s.state}`, { id: s.messageId });
          break;
        }
        case 'chat.status': {
          const s = payload as import('../chat/events').ChatEvents['chat.status'];
          line('status', { status: translate(locale, `history.statuses.${s.status}`) });
          break;
        }
        default:
          break;
      }
    });
    line('started', { db: dbFile, channel: cmd.channel, speed: cmd.speed, seed: cmd.seed });
    const startedAt = app.clock.now();
    if (cmd.status) {
      // Stored with its time and pushed as 'chat.status' (the app's onStatus), as the status menu does.
      app.chat.setStatus(cmd.status);
    }
    await app.simulator.start();
    const why = await ended;
    if (why === 'shift') {
      // Let what the shift's last answers queued go out before the channel closes.
      await app.outbox.idle();
      const p = app.simulator.running()?.progress();
      line('shiftEnded', { buyers: p?.finished ?? 0, messages: buyerMessages });
    } else {
      line('stopping');
    }
    // The run's figures on stdout — whole shift, or so far when stopped by a signal — as
    // `xiaoniu metrics` prints a day's (docs/metrics.md rules over the run's own time range): the
    // one thing a script may want to keep from a run, and with --json always exactly one document.
    const zone = app.chat.timeZone();
    // After the current ms: what was stored in it belongs to the run.
    const endedAt = Math.max(app.clock.now() + 1, startedAt + 1);
    const clock = (ms: number) => {
      const t = localParts(ms, zone);
      return [t.hour, t.minute, t.second].map((n) => String(n).padStart(2, '0')).join(':');
    };
    const shift = rangeMetrics(app.db, startedAt, endedAt, zone);
    // --json: the window's shift result as is — {from, to (ms), timezone, metrics (the seven),
    // responseBySuggestion} — unrounded, null where nothing divides.
    if (cmd.json) io.out(JSON.stringify(shift) + '\n');
    else {
      const heading = translate(locale, 'run.shiftMetrics', { from: clock(startedAt), to: clock(endedAt), timezone: zone });
      io.out(metricsTable(heading, shift.metrics, locale, suggestionRows(shift.responseBySuggestion, locale)));
    }
  } finally {
    for (const s of STOP_SIGNALS) process.off(s, onSignal);
    await app.close();
  }
  io.err(translate(locale, 'run.stopped') + '\n');
  return 0;
}
