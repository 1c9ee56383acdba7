import type { Clock } from '../shared/clock';
import { XiaoniuError } from '../shared/errors';
import type { MetricsOfRange } from '../metrics/service';

/**
 * 开始模拟接待 — the training shift (SPEC.md "Where buyers come from": the schools' 模拟平台;
 * docs/channels.md "Training shift"): a simulated shift at a chosen speed that replaces the
 * background simulator while it runs and ends with the agent's figures for the shift, counted by
 * the metrics' rules over the shift's own time range.
 */

/** What the agent chose in the 开始模拟接待 dialog (docs/channels.md "Determinism, speed and peak mode"). */
export interface ShiftChoice {
  /** Script time ÷ real time, 1–100. */
  speed: number;
  /** Buyers in the shift (default one per script). */
  buyers?: number;
  /** The simulator's seed (default 1): one seed, one shift. */
  seed?: number;
  /** Peak mode (双十一): every buyer arrives within the first two seconds of script time. */
  peak?: boolean;
}

/** Buyers who arrived and finished so far, of the shift's `total`. */
export interface ShiftProgress {
  arrived: number;
  finished: number;
  total: number;
}

/**
 * The training shift as windows see it (the `simulator.state` answer and the `simulator.shift`
 * event): none yet (`idle`), `running`, or `ended` with its figures — kept until the next shift,
 * so a window that reconnects still shows them.
 */
export type ShiftInfo = { state: 'idle' } | ShiftRun;

/** A training shift that has started (see {@link ShiftInfo}). */
export interface ShiftRun {
  state: 'running' | 'ended';
  choice: ShiftChoice;
  progress: ShiftProgress;
  /** ms since the epoch. */
  startedAt: number;
  /** When it ended (ms), once ended. */
  endedAt?: number;
  /** `finished`: every buyer played their script out; `stopped`: the agent ended it (结束). */
  how?: 'finished' | 'stopped';
  /** The agent's figures for [startedAt, endedAt) once ended (docs/metrics.md rules). */
  result?: MetricsOfRange;
}

/** A training shift that has ended, with its figures. */
export type EndedShift = ShiftRun & { state: 'ended' };

/** The events the training shift pushes to windows. */
export interface ShiftEvents {
  /** The shift started, a buyer arrived or finished, or it ended (then with its figures). */
  'simulator.shift': ShiftInfo;
}

/** What the training shift needs of the app. */
export interface ShiftDeps {
  clock: Clock;
  /** The app's simulator control (`main/app.ts`): one simulator at a time. */
  simulator: {
    start(shift?: { seed?: number; speed?: number; buyers?: number; peak?: boolean; onShiftEnd?: () => void; onProgress?: (p: ShiftProgress) => void }): Promise<void>;
    stop(): Promise<void>;
    running(): unknown;
  };
  /** Whether the background simulator should run once the shift is over (基本设置's switch, the host). */
  backgroundWanted(): boolean;
  /**
   * Resolves once what our side sent has been recorded (the outbox's pass in flight: the buyer may
   * finish on the very answer the store has not yet marked `sent`, which must count).
   */
  settled(): Promise<void>;
  /** The figures of [from, to) (`main/metrics/service.ts` `rangeMetrics`). */
  figures(from: number, to: number): MetricsOfRange;
  emit(info: ShiftInfo): void;
  /** Developer log lines (the app's logger). */
  log: (message: string, e?: unknown) => void;
}

/** The training shift's control; see {@link createShiftControl}. */
export interface ShiftControl {
  /**
   * Starts a shift: stops whatever simulator runs (the background one), starts one with `choice`.
   * Throws `simulator.shiftRunning` while a shift runs, and the simulator's
   * `simulator.badScript` / `simulator.noScripts` (the background simulator is put back then).
   */
  start(choice: ShiftChoice): Promise<ShiftInfo>;
  /** Ends the running shift now (结束) with its figures so far. Throws `simulator.noShift` when none runs. */
  stop(): Promise<ShiftInfo>;
  /** The shift now. */
  state(): ShiftInfo;
  /** A shift is running. */
  running(): boolean;
  /** A shift that finished by itself still holds the simulator channel (nothing came back in its place). */
  lingering(): boolean;
}

/**
 * Binds the training shift to the app's simulator. When the shift ends — every buyer finished, or
 * 结束 — its figures are counted over [start, end) and pushed with the `ended` state; then the
 * background simulator comes back if it ran before and is still wanted. A shift that finished by
 * itself with no background simulator to come back stays connected, so an answer the agent sends
 * a simulated buyer afterwards is still delivered; one ended with 结束 disconnects (its buyers stop
 * writing mid-script).
 */
export function createShiftControl(deps: ShiftDeps): ShiftControl {
  let info: ShiftInfo = { state: 'idle' };
  let run = 0;
  let backgroundWas = false;
  /** The run whose end is being counted (an end and a 结束 at once count it once). */
  let ending = 0;
  /** The running (or last) shift's simulator, as `deps.simulator.running()` gave it. */
  let shiftSim: unknown = null;

  const publish = (next: ShiftInfo) => {
    info = next;
    deps.emit(info);
  };

  async function end(which: number, how: 'finished' | 'stopped'): Promise<ShiftInfo> {
    if (which !== run || info.state !== 'running' || ending === which) return info;
    ending = which;
    // The range ends after the current ms: the answer that ended the shift was stored in it.
    const endedAt = Math.max(deps.clock.now() + 1, info.startedAt + 1);
    if (how === 'stopped') await deps.simulator.stop();
    // A buyer finishes inside the channel's send, within the outbox's pass — before the outbox has
    // even recorded that a pass runs. Let that call stack unwind, then wait for the pass.
    await new Promise<void>((resolve) => setImmediate(resolve));
    await deps.settled();
    const result = deps.figures(info.startedAt, endedAt);
    const restore = backgroundWas && deps.backgroundWanted();
    publish({ ...info, state: 'ended', endedAt, how, result });
    if (how === 'finished' && restore) await deps.simulator.stop();
    if (restore) await deps.simulator.start();
    return info;
  }

  return {
    async start(choice) {
      if (info.state === 'running') throw new XiaoniuError('simulator.shiftRunning');
      const which = ++run;
      backgroundWas = deps.simulator.running() !== null;
      await deps.simulator.stop();
      const startedAt = deps.clock.now();
      info = { state: 'running', choice, progress: { arrived: 0, finished: 0, total: choice.buyers ?? 0 }, startedAt };
      try {
        await deps.simulator.start({
          speed: choice.speed,
          seed: choice.seed ?? 1,
          peak: choice.peak ?? false,
          ...(choice.buyers !== undefined ? { buyers: choice.buyers } : {}),
          onProgress: (progress) => {
            if (which === run && info.state === 'running') publish({ ...info, progress });
          },
          onShiftEnd: () => {
            end(which, 'finished').catch((e: unknown) => deps.log('training shift end failed', e));
          },
        });
      } catch (e) {
        info = { state: 'idle' };
        if (backgroundWas && deps.backgroundWanted()) await deps.simulator.start().catch((again: unknown) => deps.log('background simulator restart failed', again));
        throw e;
      }
      shiftSim = deps.simulator.running();
      const sim = shiftSim as { progress?: () => ShiftProgress } | null;
      if (info.state === 'running' && which === run) publish({ ...info, progress: sim?.progress?.() ?? info.progress });
      return info;
    },
    async stop() {
      if (info.state !== 'running' || ending === run) throw new XiaoniuError('simulator.noShift');
      return end(run, 'stopped');
    },
    state: () => info,
    running: () => info.state === 'running',
    lingering: () => info.state === 'ended' && shiftSim !== null && deps.simulator.running() === shiftSim,
  };
}
