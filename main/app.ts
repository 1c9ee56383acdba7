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
import { createChatService, type ChatService } from './chat/service';
import { createMetricsService } from './metrics/service';
import { metricsHandlers } from './metrics/handlers';

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
}

/** A listener for every event the app pushes to windows. */
export type EventListener = <E extends EventName>(event: E, payload: AppEvents[E]) => void;

/** The composed application: what every host (Electron shell, browser host, tests) talks to. */
export interface App {
  db: Database;
  phrases: PhraseService;
  packs: PackService;
  /** Conversations, messages, history (docs/transcripts.md). */
  chat: ChatService;
  settings: SettingsService;
  /** The clock every service of this app reads (virtual in tests). */
  clock: Clock;
  /** Pushes an event to every window (the channel, the outbox and the services call it). */
  emit: EventListener;
  /** The validated entry point for calls from a window. */
  call: Router;
  /** Subscribes to pushed events; returns the unsubscribe function. */
  onEvent(listener: EventListener): () => void;
  /** Stops the workers and closes the database. */
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
 * is as fast as any other. Throws the store's errors.
 */
export async function createApp(options: AppOptions): Promise<App> {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? ((m, e) => console.error(m, e));
  const db = openDatabase(options.dbFile);
  const useWorker = options.importOnWorker ?? options.dbFile !== ':memory:';
  const phrases = createPhraseService(db, clock, useWorker ? { search: workerSearchBackend(options.dbFile) } : {});
  const packs = createPackService(phrases);
  const settings = createSettingsService(db, clock);
  const chat = createChatService(db, clock, { timeZone: () => agentTimeZone(settings) });
  if (options.seedStarterPack && !settings.get('phrases.starterPackSeeded')) {
    if (phrases.isEmpty()) await packs.importPack(new Uint8Array(fs.readFileSync(starterPackFile())));
    settings.set('phrases.starterPackSeeded', true);
  }
  const jobs = createImportJobs(useWorker ? workerImportRunner(options.dbFile) : inlineImportRunner(packs));
  const listeners = new Set<EventListener>();
  const emit: EventListener = (event, payload) => {
    for (const l of listeners) l(event, payload);
  };
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
      ...metricsHandlers(createMetricsService(db, clock, () => agentTimeZone(settings))),
    },
    log,
  );
  await warmUp();
  return {
    db,
    phrases,
    packs,
    chat,
    settings,
    clock,
    emit,
    call,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      await phrases.close();
      db.close();
    },
  };
}
