import type { ChannelState } from '../../chat/events';
import type { AgentStatus } from '../../chat/types';
import type { Scheduler, TimerHandle } from '../../shared/scheduler';
import { XiaoniuError } from '../../shared/errors';
import type { Channel, ChannelSink, OutgoingMessage } from '../channel';
import { seededRandom, type Random } from './random';
import type { BuyerScript, ScriptStep } from './script';

/**
 * The simulator channel (docs/channels.md "The simulator"): scripted buyers arrive, write, wait
 * for the agent's answers, place and pay orders, and leave — a shift. Everything it does is timed
 * by the injected scheduler and drawn from a seeded generator, so one seed gives one shift: the
 * same buyers in the same order at the same times, whatever machine runs it (given the same
 * answers from the agent's side).
 */

/** The channel name simulated buyers are stored under (`buyer.channel`); windows badge them 模拟买家. */
export const SIMULATOR_CHANNEL = 'simulator';

/** Options of {@link createSimulator}. */
export interface SimulatorOptions {
  /** The buyers to play, in file order; a shift draws from them (see `buyers`). */
  scripts: readonly BuyerScript[];
  /** Timers and the clock (virtual in tests). */
  scheduler: Scheduler;
  /** Any integer; default 1. */
  seed?: number;
  /** Script time runs this many times faster than real time (> 0; default 1). */
  speed?: number;
  /** Buyers in the shift (default: one per script). Scripts are dealt in a seeded order, reshuffled each round. */
  buyers?: number;
  /**
   * Peak mode (双十一): every buyer of the shift arrives within the first two seconds of script
   * time instead of one every `arrivalSeconds` on average.
   */
  peak?: boolean;
  /** Mean gap between arrivals outside peak mode, seconds of script time (default 20); gaps are exponential. */
  arrivalSeconds?: number;
  /**
   * The agent's status now. While it is `suspended` (挂起), no new buyer arrives — they queue and
   * come once it changes (checked every second of script time); buyers already talking carry on.
   */
  status: () => AgentStatus;
  /** Called once when every buyer of the shift has finished their script. */
  onShiftEnd?: () => void;
  /** Called whenever a buyer arrives or finishes, with {@link Simulator.progress} (开始模拟接待's banner). */
  onProgress?: (progress: { arrived: number; finished: number; total: number }) => void;
}

/** The simulator: a {@link Channel} with a shift's progress on top. */
export interface Simulator extends Channel {
  /** Buyers who have arrived / finished so far, and the shift's size. */
  progress(): { arrived: number; finished: number; total: number };
  /** Messages our side sent that the simulated buyers received, in order (each clientId once). */
  received(): readonly OutgoingMessage[];
}

/** Default wait before a step that names no `after`: a buyer typing a line, seconds. */
const DEFAULT_AFTER = 2;

/** One simulated buyer during a shift. */
interface Player {
  index: number;
  script: BuyerScript;
  buyerId: string;
  nickname: string;
  rng: Random;
  step: number;
  /** Lines written so far (channel message ids are `<run>:<buyerId>:<n>`). */
  said: number;
  /** An answer from the agent arrived since this buyer last wrote. */
  answered: boolean;
  /** Waiting for an answer: resumes the script when one comes. */
  onAnswer: (() => void) | null;
  /** While a `replyToEach` step runs: its replies and the next one to use. */
  bot: { texts: string[]; within: number; next: number } | null;
  timers: Set<TimerHandle>;
  done: boolean;
}

/**
 * Creates the simulator channel. `connect` starts a shift (a new run id, so channel message ids
 * never repeat across shifts); `disconnect` ends it. Buyer ids are `sim-<script id>`, and
 * `sim-<script id>-<n>` for the n-th copy of a script in one shift; a buyer of an earlier shift
 * keeps their conversation when they come back. `send` accepts any buyer (a simulated buyer who
 * left still receives, as a real one would) and de-duplicates on clientId.
 *
 * Throws nothing at creation; `send` rejects `channel.notConnected` when disconnected.
 */
export function createSimulator(options: SimulatorOptions): Simulator {
  const { scheduler, scripts } = options;
  const seed = options.seed ?? 1;
  const speed = options.speed ?? 1;
  const total = options.buyers ?? scripts.length;
  const arrivalSeconds = options.arrivalSeconds ?? 20;
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError('speed must be a positive number');
  let state: ChannelState = 'disconnected';
  let sink: ChannelSink | null = null;
  let runId = '';
  let players: Player[] = [];
  let arrived = 0;
  let finished = 0;
  let ended = false;
  let arrivalTimer: TimerHandle | null = null;
  let outgoing = 0;
  const taken = new Map<string, string>();
  const delivered: OutgoingMessage[] = [];
  const byBuyer = new Map<string, Player>();

  /** Script seconds → real ms at this speed, whole (the store's times are whole ms). */
  const ms = (s: number) => Math.round((s * 1000) / speed);
  const after = (p: Player, s: ScriptStep): number => {
    const a = 'after' in s ? s.after : undefined;
    if (a === undefined) return DEFAULT_AFTER;
    return Array.isArray(a) ? p.rng.between(a[0], a[1]) : a;
  };

  function later(p: Player, seconds: number, fn: () => void): void {
    const h = scheduler.setTimeout(() => {
      p.timers.delete(h);
      if (state === 'connected') fn();
    }, ms(seconds));
    p.timers.add(h);
  }

  /** The order buyers arrive in: scripts dealt in a seeded shuffle, reshuffled every round. */
  function dealOrder(rng: Random): BuyerScript[] {
    const out: BuyerScript[] = [];
    while (out.length < total) {
      const deck = [...scripts];
      for (let i = deck.length - 1; i > 0; i--) {
        const j = rng.below(i + 1);
        [deck[i], deck[j]] = [deck[j]!, deck[i]!];
      }
      out.push(...deck.slice(0, total - out.length));
    }
    return out;
  }

  function prepare(): void {
    const rng = seededRandom(seed);
    const copies = new Map<string, number>();
    players = dealOrder(rng).map((script, index) => {
      const n = (copies.get(script.id) ?? 0) + 1;
      copies.set(script.id, n);
      const p: Player = {
        index,
        script,
        buyerId: n === 1 ? `sim-${script.id}` : `sim-${script.id}-${n}`,
        nickname: n === 1 ? script.nickname : `${script.nickname} #${n}`,
        rng: seededRandom(seed, index + 1),
        step: 0,
        said: 0,
        answered: false,
        onAnswer: null,
        bot: null,
        timers: new Set(),
        done: false,
      };
      return p;
    });
    byBuyer.clear();
    for (const p of players) byBuyer.set(p.buyerId, p);
    // Gaps are drawn up front, so what happens in the shift never shifts who comes when.
    gaps = players.map(() => (options.peak ? rng.between(0, 2 / Math.max(1, total)) : -Math.log(1 - rng.next()) * arrivalSeconds));
  }
  let gaps: number[] = [];

  function scheduleArrival(): void {
    if (arrived >= players.length) return;
    arrivalTimer = scheduler.setTimeout(() => {
      arrivalTimer = null;
      if (state !== 'connected') return;
      if (options.status() === 'suspended') {
        // 挂起: the platform routes no new buyer to this agent; look again in a second.
        arrivalTimer = scheduler.setTimeout(function poll() {
          arrivalTimer = null;
          if (state !== 'connected') return;
          if (options.status() === 'suspended') arrivalTimer = scheduler.setTimeout(poll, ms(1));
          else arrive();
        }, ms(1));
        return;
      }
      arrive();
    }, ms(gaps[arrived]!));
  }

  function arrive(): void {
    const p = players[arrived++]!;
    scheduleArrival();
    options.onProgress?.(progress());
    run(p);
  }

  function finish(p: Player): void {
    if (p.done) return;
    p.done = true;
    p.onAnswer = null;
    p.bot = null;
    for (const h of p.timers) scheduler.clearTimeout(h);
    p.timers.clear();
    finished++;
    options.onProgress?.(progress());
    if (finished === players.length && !ended) {
      ended = true;
      options.onShiftEnd?.();
    }
  }

  function say(p: Player, body: string, automatic = false): void {
    p.said++;
    p.answered = false;
    sink?.message({
      buyerId: p.buyerId,
      nickname: p.nickname,
      body,
      channelMessageId: `${runId}:${p.buyerId}:${p.said}`,
      ...(automatic ? { automatic: true } : {}),
      at: scheduler.now(),
    });
  }

  /** Runs the script from step `p.step`. */
  function run(p: Player): void {
    if (p.done || state !== 'connected') return;
    const s = p.script.steps[p.step];
    if (!s) return finish(p);
    const next = () => {
      p.step++;
      run(p);
    };
    if ('wait' in s) {
      if (p.answered) return next();
      p.onAnswer = () => {
        p.onAnswer = null;
        for (const h of p.timers) scheduler.clearTimeout(h);
        p.timers.clear();
        next();
      };
      later(p, s.wait, () => {
        p.onAnswer = null;
        if (s.orElse === 'leave') finish(p);
        else next();
      });
      return;
    }
    later(p, after(p, s), () => {
      if ('say' in s) say(p, s.say, s.automatic);
      else if ('order' in s) sink?.order({ buyerId: p.buyerId, nickname: p.nickname, amountFen: Math.round(s.order * 100), paid: false, at: scheduler.now() });
      else if ('pay' in s) sink?.order({ buyerId: p.buyerId, nickname: p.nickname, amountFen: Math.round(s.pay * 100), paid: true, at: scheduler.now() });
      else {
        // Another shop's bot: answers every message for a while, within `within` seconds.
        p.bot = { texts: s.replyToEach.texts, within: s.replyToEach.within, next: 0 };
        later(p, s.replyToEach.for, () => {
          p.bot = null;
          next();
        });
        return;
      }
      next();
    });
  }

  /** An answer from our side reached buyer `p`. */
  function answer(p: Player): void {
    p.answered = true;
    if (p.bot) {
      const bot = p.bot;
      const text = bot.texts[bot.next++ % bot.texts.length]!;
      later(p, p.rng.between(Math.min(0.2, bot.within), bot.within), () => {
        if (p.bot === bot) say(p, text);
      });
    }
    p.onAnswer?.();
  }

  function stopAll(): void {
    if (arrivalTimer) scheduler.clearTimeout(arrivalTimer);
    arrivalTimer = null;
    for (const p of players) {
      for (const h of p.timers) scheduler.clearTimeout(h);
      p.timers.clear();
    }
  }

  const progress = () => ({ arrived, finished, total: players.length || total });

  const setState = (s: ChannelState) => {
    state = s;
    sink?.state(s);
  };

  return {
    name: SIMULATOR_CHANNEL,
    get state() {
      return state;
    },
    async connect(s) {
      if (state !== 'disconnected') return;
      sink = s;
      setState('connecting');
      runId = `r${scheduler.now().toString(36)}`;
      arrived = 0;
      finished = 0;
      ended = false;
      prepare();
      setState('connected');
      if (!players.length) {
        ended = true;
        options.onShiftEnd?.();
        return;
      }
      scheduleArrival();
    },
    async disconnect() {
      if (state === 'disconnected') return;
      stopAll();
      setState('disconnected');
      sink = null;
    },
    async send(m) {
      if (state !== 'connected') throw new XiaoniuError('channel.notConnected', { channel: SIMULATOR_CHANNEL });
      const seen = taken.get(m.clientId);
      if (seen !== undefined) return { channelMessageId: seen };
      const id = `${runId}:out:${++outgoing}`;
      taken.set(m.clientId, id);
      delivered.push(m);
      const p = byBuyer.get(m.buyerId);
      if (p && !p.done) answer(p);
      return { channelMessageId: id };
    },
    progress,
    received: () => delivered,
  };
}
