import fs from 'node:fs';
import path from 'node:path';
import { openDatabase, type Database } from './store/db';
import { systemClock, type Clock } from './shared/clock';
import { createPhraseService, type PhraseService } from './phrases/service';
import { workerSearchBackend } from './phrases/search-backend';
import { phraseHandlers } from './phrases/handlers';
import { createPackService, type PackService } from './packs/service';
import { createImportJobs, inlineImportRunner, workerImportRunner } from './packs/jobs';
import { packHandlers } from './packs/handlers';
import { contract, type AppEvents, type EventName } from './ipc/contract';
import { createRouter, type Logger, type Router } from './ipc/router';
import { agentTimeZone, createSettingsService, type SettingsService } from './settings/service';
import { settingsHandlers } from './settings/handlers';
import { createChatService, type ChatService } from './chat/service';
import { createOutbox, type Outbox } from './chat/outbox';
import type { Channel } from './channels/channel';
import { createInbox } from './channels/inbox';
import { createSimulator, type Simulator, type SimulatorOptions } from './channels/simulator/simulator';
import { loadBuyerScripts, shippedScriptsDir } from './channels/simulator/script';
import { realScheduler, type Scheduler } from './shared/scheduler';
import { acquireLease, type Lease, type LeaseHolder } from './store/lease';
import { chatHandlers, type ChatEmit } from './chat/handlers';
import { createMetricsService } from './metrics/service';
import { metricsHandlers } from './metrics/handlers';
import { createShiftControl, type ShiftControl } from './channels/shift';
import { simulatorHandlers } from './channels/handlers';

/** Options of {@link createApp}. */
export interface AppOptions {
  /** Database file, or `:memory:`. */
  dbFile: string;
  clock?: Clock;
  /** Seed a new, empty database once with the starter pack (the app does; the CLI never). */
  seedStarterPack?: boolean;
  /**
   * Run imports and the search index on worker threads (the app) or inline (tests, `:memory:`,
   * which another thread cannot open). Default: workers for files.
   */
  importOnWorker?: boolean;
  log?: Logger;
  /**
   * Timers of the outbox and the simulator (default: Node's, on `clock`). Tests pass a virtual
   * scheduler, which is then also the clock unless `clock` is given.
   */
  scheduler?: Scheduler;
  /**
   * Take the database's lease as this kind of host (docs/channels.md "One host per database"):
   * the window hosts and `xiaoniu run`, which connect channels and run the outbox. Throws
   * `run.heldByWindow` / `run.heldByRun` {pid} when another live process holds it.
   */
  hold?: LeaseHolder;
  /**
   * Resolve only once the phrase search index is built (default true), so the first search after
   * start is as fast as any other. The browser host passes false: it prints its address as soon
   * as the store is open and the index finishes on its worker thread while the page loads (a
   * search asked meanwhile waits for it) — `npm run serve` until the contact list shows is
   * budgeted at 2 s on a million messages (README.md "Benchmarks"), and the worker's start-up
   * was a quarter of it.
   */
  waitForSearchIndex?: boolean;
  /** The channel to start: the simulator, or none (default). */
  channel?: 'simulator' | null;
  /**
   * Start the simulator only when the setting `simulator.enabled` is not false (the window hosts:
   * 基本设置 turns it off); `xiaoniu run --channel simulator` starts it regardless.
   */
  simulatorFollowsSetting?: boolean;
  /** The simulator's shifts (seed, speed, buyers, peak, onShiftEnd); scripts default to `fixtures/buyers`. */
  simulator?: ShiftOptions & { scriptsDir?: string };
  /** Told about every order event a channel delivers (the CLI's `run` logs them). */
  onOrder?: (order: { channel: string; buyerId: string; amountFen: number; paid: boolean }) => void;
}

/** What a simulated shift may be told (docs/channels.md "Determinism, speed and peak mode"). */
export type ShiftOptions = Partial<Omit<SimulatorOptions, 'scheduler' | 'status' | 'scripts'>>;

/** A listener for every event the app pushes to windows. */
export type EventListener = <E extends EventName>(event: E, payload: AppEvents[E]) => void;

/** The composed application: what every host (Electron shell, browser host, tests) talks to. */
export interface App {
  db: Database;
  phrases: PhraseService;
  packs: PackService;
  /**
   * The outbox (docs/channels.md "The outbox"): whoever stores a pending message calls `kick()`;
   * 重发 calls `retry(messageId)`.
   */
  outbox: Outbox;
  /**
   * The simulator channel: `start(shift?)` begins a new shift (a no-op while one runs) — `shift`
   * overrides the app's simulator options for it (开始模拟接待: a chosen speed, an `onShiftEnd`
   * that shows the shift's metrics) — `stop()` ends it, `running()` is the running one or null.
   * 基本设置's `simulator.enabled` switch calls `start()` / `stop()`. `start` throws
   * `simulator.badScript` / `simulator.noScripts`.
   */
  simulator: { start(shift?: ShiftOptions): Promise<void>; stop(): Promise<void>; running(): Simulator | null };
  /**
   * 开始模拟接待 (docs/channels.md "Training shift"): a simulated shift at a chosen speed that
   * replaces the background simulator while it runs and ends with the shift's figures.
   */
  shift: ShiftControl;
  /** Conversations, messages, history (docs/transcripts.md). */
  chat: ChatService;
  settings: SettingsService;
  /** The clock every service of this app reads (virtual in tests). */
  clock: Clock;
  /** Pushes an event to every window and listener (the channel, the outbox and the services call it). */
  emit: EventListener;
  /** The validated entry point for calls from a window. */
  call: Router;
  /** Subscribes to pushed events; returns the unsubscribe function. */
  onEvent(listener: EventListener): () => void;
  /** Disconnects the channel, stops the outbox and the workers, gives the lease up, closes the database. */
  close(): Promise<void>;
}

/**
 * The starter pack shipped in `fixtures/` (a real CSV pack, read by the same reader as any import).
 * Found by walking up from this file, which sits in `main/` (sources) or `dist/main/` (compiled).
 */
export function starterPackFile(from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'fixtures', 'starter-pack.csv');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`fixtures/starter-pack.csv not found above ${from}`);
  }
}

/**
 * The composition root all hosts call: opens the store, builds the services, binds the contract.
 * Seeds the starter pack once, when asked and the database has never been seeded and holds no
 * phrases (an agent who deletes every phrase does not get them back). Resolves once the search
 * index is built (on its worker thread: the event loop stays free meanwhile), so the first search
 * is as fast as any other — or, with `waitForSearchIndex: false`, once the store is open. With
 * `hold`, takes the database's lease first; with `channel`, starts the simulator last (its buyers
 * arrive on the scheduler's timers, after this resolves). Throws the store's errors,
 * `run.heldByWindow` / `run.heldByRun` {pid}, and the simulator's `simulator.badScript` /
 * `simulator.noScripts` (nothing is left open then).
 */
export async function createApp(options: AppOptions): Promise<App> {
  const clock = options.clock ?? options.scheduler ?? systemClock;
  const scheduler = options.scheduler ?? realScheduler(clock);
  const log = options.log ?? ((m, e) => console.error(m, e));
  const db = openDatabase(options.dbFile);
  let lease: Lease | null = null;
  try {
    if (options.hold) lease = acquireLease(db, options.hold);
  } catch (e) {
    db.close();
    throw e;
  }
  const useWorker = options.importOnWorker ?? options.dbFile !== ':memory:';
  const phrases = createPhraseService(db, clock, useWorker ? { search: workerSearchBackend(options.dbFile) } : {});
  const packs = createPackService(phrases);
  const listeners = new Set<EventListener>();
  const emit: EventListener = (event, payload) => {
    for (const l of listeners) l(event, payload);
  };
  const settings = createSettingsService(db, clock, { onChange: (change) => emit('settings.changed', change) });
  const chat = createChatService(db, clock, {
    timeZone: () => agentTimeZone(settings),
    onStatus: (change) => emit('chat.status', change),
  });
  if (options.seedStarterPack && !settings.get('phrases.starterPackSeeded')) {
    if (phrases.isEmpty()) await packs.importPack(new Uint8Array(fs.readFileSync(starterPackFile())));
    settings.set('phrases.starterPackSeeded', true);
  }
  const jobs = createImportJobs(useWorker ? workerImportRunner(options.dbFile) : inlineImportRunner(packs));
  const channels = new Map<string, Channel>();
  const outbox = createOutbox({ db, scheduler, channel: (name) => channels.get(name), emit, log });
  const simulator = simulatorControl({ options, chat, scheduler, channels, emit, outbox, log });
  const metrics = createMetricsService(db, clock, () => agentTimeZone(settings));
  const shift = createShiftControl({
    clock,
    simulator,
    // After a training shift the background simulator comes back only where it would run now.
    backgroundWanted: () => options.channel === 'simulator' && !(options.simulatorFollowsSetting && settings.get('simulator.enabled') === false),
    settled: () => outbox.idle(),
    figures: (from, to) => metrics.range(from, to),
    emit: (info) => emit('simulator.shift', info),
    log,
  });
  // The index is built off the request path: once the app is up, and again after each import
  // (whose summary waits for it, so the panel's first search afterwards is as fast as any other).
  const warmUp = () =>
    phrases.warmUp().catch((e: unknown) => {
      log('search index warm-up failed', e);
    });
  const call = createRouter(
    contract,
    {
      ...phraseHandlers(phrases),
      ...packHandlers(packs, jobs, emit, () => {
        phrases.invalidate();
        return warmUp();
      }),
      ...chatHandlers({
        chat,
        clock,
        agentNickname: () => settings.get('agentNickname'),
        shopName: () => settings.get('shopName'),
        // ChatEvents is a part of AppEvents: every chat event is an app event.
        emit: emit as ChatEmit,
        // A message the window queued (or put back with 重发) goes out now, not at the next timer.
        onQueued: () => outbox.kick(),
      }),
      ...settingsHandlers(settings, chat),
      ...metricsHandlers(metrics),
      ...simulatorHandlers(shift),
    },
    log,
  );
  const indexReady = warmUp();
  if (options.waitForSearchIndex !== false) await indexReady;
  const close = async () => {
    // A stop right after start: the worker finishes what it started before it is told to stop.
    await indexReady;
    await simulator.stop();
    await outbox.close();
    listeners.clear();
    lease?.release();
    await phrases.close();
    db.close();
  };
  // 基本设置's simulator switch applies at once in a window host: off stops it, on starts it.
  if (options.channel === 'simulator' && options.simulatorFollowsSetting) {
    listeners.add((event, payload) => {
      if (event !== 'settings.changed') return;
      const change = payload as AppEvents['settings.changed'];
      if (change.key !== 'simulator.enabled') return;
      // During a training shift: off ends it (with its figures), on leaves it running.
      if (shift.running()) {
        if (change.value === false) shift.stop().catch((e: unknown) => log('simulator switch failed', e));
        return;
      }
      // On: a finished training shift may still hold the channel (docs/channels.md "Training
      // shift"); the background simulator takes its place.
      const on = shift.lingering() ? simulator.stop().then(() => simulator.start()) : simulator.start();
      (change.value === false ? simulator.stop() : on).catch((e: unknown) => log('simulator switch failed', e));
    });
  }
  // What a previous run left pending goes when its channel connects (the inbox kicks the outbox).
  try {
    if (options.channel === 'simulator' && !(options.simulatorFollowsSetting && settings.get('simulator.enabled') === false)) await simulator.start();
  } catch (e) {
    // Unreadable buyer scripts: nothing half-started stays behind (the lease above all).
    await close();
    throw e;
  }
  return {
    db,
    phrases,
    packs,
    chat,
    settings,
    clock,
    emit,
    outbox,
    simulator,
    shift,
    call,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close,
  };
}

/**
 * Starts and stops the simulator channel: a new shift at each start (scripts read then, so an
 * edited fixture is picked up), its deliveries stored through the inbox, its buyers held back
 * while the agent's status (the newest stored one) is 挂起.
 */
function simulatorControl(deps: {
  options: AppOptions;
  chat: ChatService;
  scheduler: Scheduler;
  channels: Map<string, Channel>;
  emit: EventListener;
  outbox: Outbox;
  log: Logger;
}): App['simulator'] {
  let current: Simulator | null = null;
  const { options, chat, channels, emit, outbox, log } = deps;
  return {
    async start(overrides) {
      if (current) return;
      const { scriptsDir, ...shift } = options.simulator ?? {};
      const sim = createSimulator({
        ...shift,
        ...overrides,
        scripts: loadBuyerScripts(scriptsDir ?? shippedScriptsDir()),
        scheduler: deps.scheduler,
        status: () => chat.currentStatus().status,
      });
      current = sim;
      channels.set(sim.name, sim);
      const inbox = createInbox(sim.name, { chat, emit, connected: () => outbox.kick({ now: true }), log });
      await sim.connect({
        ...inbox,
        order(o) {
          inbox.order(o);
          options.onOrder?.({ channel: sim.name, buyerId: o.buyerId, amountFen: o.amountFen, paid: o.paid });
        },
      });
    },
    async stop() {
      const sim = current;
      if (!sim) return;
      current = null;
      channels.delete(sim.name);
      await sim.disconnect();
    },
    running: () => current,
  };
}
