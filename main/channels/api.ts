import { z } from 'zod';
import { method } from '../ipc/define';
import type { ShiftInfo } from './shift';

/**
 * The training shift's slice of the IPC contract (开始模拟接待; docs/channels.md "Training shift").
 * Arguments are checked here, in main, before anything runs.
 */

/** Most buyers a training shift may have (a window's 双十一 drill; `xiaoniu run` allows more). */
export const MAX_SHIFT_BUYERS = 500;
/** Fastest a training shift may run: script time ÷ real time. */
export const MAX_SHIFT_SPEED = 100;

/** The training shift's methods. */
export const simulatorApi = {
  /** Starts a training shift; `simulator.shiftRunning` while one runs. */
  'simulator.startShift': method(
    z.strictObject({
      speed: z.number().min(1).max(MAX_SHIFT_SPEED),
      buyers: z.number().int().min(1).max(MAX_SHIFT_BUYERS).optional(),
      seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
      peak: z.boolean().optional(),
    }),
  ).returns<ShiftInfo>(),
  /** Ends the running shift now, with its figures; `simulator.noShift` when none runs. */
  'simulator.stopShift': method(z.strictObject({})).returns<ShiftInfo>(),
  /** The shift now: idle, running with its progress, or ended with its figures. */
  'simulator.state': method(z.strictObject({})).returns<ShiftInfo>(),
};
