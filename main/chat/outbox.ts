import crypto from 'node:crypto';
import type { Database } from '../store/db';
import type { Scheduler, TimerHandle } from '../shared/scheduler';
import { asXiaoniuError, XiaoniuError } from '../shared/errors';
import type { Channel } from '../channels/channel';
import { PERMANENT_SEND_ERRORS } from '../channels/channel';
import type { ChatEvents } from './events';
import * as repo from './repo';

/**
 * The outbox (docs/channels.md "The outbox"): delivers our side's messages through the buyer's
 * channel. Its queue is the database — every `pending` message of sender `agent` or `autoReply`,
 * stored before any channel sees it — so closing the app, a channel failure or a kill -9 loses
 * nothing: the next {@link Outbox.kick} (every start does one) finds what is still pending.
 *
 * - Order: each conversation's messages go out oldest first, one at a time; a message waiting
 *   for a retry holds back the later ones to the same buyer (a reply must not arrive before the
 *   question it follows up). Conversations do not wait for each other.
 * - Retries: a failed send is retried after `firstRetryMs`, doubling, capped at `maxRetryMs`;
 *   after `maxAttempts` attempts — or at once for a permanent error ({@link PERMANENT_SEND_ERRORS},
 *   or a buyer on a channel that is not running) — the message becomes `failed` (发送失败) until
 *   {@link Outbox.retry} (重发) puts it back. Attempt counts live in memory: a restart gives every
 *   pending message a fresh set.
 * - Once only: every send carries the message's `clientId` (given one, and stored, before the
 *   first attempt), and a channel delivers a clientId once (channel.ts `OutgoingMessage.clientId`),
 *   so a resend after a crash between the channel taking a message and the store marking it `sent`
 *   reaches the buyer once.
 */

/** What the outbox needs; times in ms. */
export interface OutboxOptions {
  db: Database;
  /** The clock and timers of retries and send time-outs (virtual in tests). */
  scheduler: Scheduler;
  /** The running channel called `name` (a buyer's `channel`), or undefined when none runs. */
  channel(name: string): Channel | undefined;
  /** Pushes 'chat.messageState' to windows. */
  emit(event: 'chat.messageState', payload: ChatEvents['chat.messageState']): void;
  /** Where unexpected errors go (a failure of the store itself). */
  log?: (message: string, error?: unknown) => void;
  /** Delay before the first retry (default 1,000 ms); doubles after each failure. */
  firstRetryMs?: number;
  /** Longest delay between retries (default 30,000 ms). */
  maxRetryMs?: number;
  /** Attempts before a message is marked failed (default 8: ~90 s of retries with the defaults). */
  maxAttempts?: number;
  /** A send the channel neither takes nor refuses within this is a failed attempt (default 30,000 ms). */
  sendTimeoutMs?: number;
}

/** The outbox; see {@link createOutbox}. */
export interface Outbox {
  /**
   * Sends whatever is pending and due, now or as soon as the current pass ends. Call it after
   * storing a pending message, and when a channel connects with `{ now: true }` (retries waiting
   * for their back-off go at once: the reason they failed has probably gone).
   */
  kick(options?: { now?: boolean }): void;
  /**
   * 重发: puts a `failed` message back to `pending` and sends it. Throws `chat.messageNotFound`,
   * or `channel.notFailed` for a message that is not failed (sent, still pending, a buyer's).
   */
  retry(messageId: number): void;
  /** Resolves once no pass is running (retries waiting for their time are not waited for). */
  idle(): Promise<void>;
  /** Stops: no new attempts, retry timers cancelled; resolves when the send in flight has ended. */
  close(): Promise<void>;
}

/** Heads read per pass (each conversation's oldest pending message). */
const BATCH = 200;

/**
 * Creates the outbox over `db`. Emits 'chat.messageState' for every change it makes (`sent`,
 * `failed`, and `pending` again on a retry). Never throws from {@link Outbox.kick}: a store error
 * is logged and the pass retried later.
 */
export function createOutbox(options: OutboxOptions): Outbox {
  const { db, scheduler } = options;
  const firstRetryMs = options.firstRetryMs ?? 1000;
  const maxRetryMs = options.maxRetryMs ?? 30_000;
  const maxAttempts = options.maxAttempts ?? 8;
  const sendTimeoutMs = options.sendTimeoutMs ?? 30_000;
  const log = options.log ?? (() => {});
  /** Failed attempts so far and when the next may start, per message id. */
  const backoff = new Map<number, { attempts: number; dueAt: number }>();
  let running: Promise<void> | null = null;
  let again = false;
  let closed = false;
  let wake: { handle: TimerHandle; at: number } | null = null;

  const setState = (m: repo.PendingOutgoing['message'], from: 'pending' | 'failed', to: 'sent' | 'failed' | 'pending', channelMessageId?: string) => {
    let moved: boolean;
    try {
      moved = repo.moveMessageState(db, m.id, from, to, channelMessageId);
    } catch (e) {
      // A channel that reuses an id for two of our messages must not keep one pending forever.
      if ((e as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw e;
      moved = repo.moveMessageState(db, m.id, from, to);
    }
    backoff.delete(m.id);
    if (moved) options.emit('chat.messageState', { messageId: m.id, conversationId: m.conversationId, state: to });
  };

  const withTimeout = <T>(p: Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const t = scheduler.setTimeout(() => reject(new XiaoniuError('channel.timeout')), sendTimeoutMs);
      p.then(
        (v) => {
          scheduler.clearTimeout(t);
          resolve(v);
        },
        (e: unknown) => {
          scheduler.clearTimeout(t);
          reject(e instanceof Error ? e : new Error(String(e)));
        },
      );
    });

  /** One attempt at one message; resolves whatever happens. */
  async function attempt(head: repo.PendingOutgoing): Promise<void> {
    const m = head.message;
    const channel = options.channel(head.channel);
    if (!channel) {
      setState(m, 'pending', 'failed');
      log(`outbox: message ${m.id} failed: channel.unreachable (no channel "${head.channel}" is running)`);
      return;
    }
    let clientId = m.clientId;
    if (clientId === null) {
      clientId = crypto.randomUUID();
      repo.setClientId(db, m.id, clientId);
    }
    try {
      const r = await withTimeout(channel.send({ messageId: m.id, clientId, buyerId: head.buyerId, body: m.body, automatic: m.automatic }));
      setState(m, 'pending', 'sent', r.channelMessageId);
    } catch (e) {
      const code = asXiaoniuError(e)?.code ?? 'channel.sendFailed';
      const attempts = (backoff.get(m.id)?.attempts ?? 0) + 1;
      if (PERMANENT_SEND_ERRORS.has(code) || attempts >= maxAttempts) {
        setState(m, 'pending', 'failed');
        log(`outbox: message ${m.id} failed after ${attempts} attempt(s): ${code}`);
      } else {
        backoff.set(m.id, { attempts, dueAt: scheduler.now() + Math.min(maxRetryMs, firstRetryMs * 2 ** (attempts - 1)) });
      }
    }
  }

  /** Sends every due head, repeatedly, until a pass sends nothing; then sets the wake-up timer. */
  async function drain(): Promise<void> {
    do {
      again = false;
      let soonest = Infinity;
      let progressed = false;
      const heads = repo.pendingHeads(db, BATCH);
      for (const head of heads) {
        if (closed) return;
        const wait = backoff.get(head.message.id);
        if (wait && wait.dueAt > scheduler.now()) {
          soonest = Math.min(soonest, wait.dueAt);
          continue;
        }
        await attempt(head);
        const after = backoff.get(head.message.id);
        if (after) soonest = Math.min(soonest, after.dueAt);
        else progressed = true;
      }
      // Sent heads uncover the next message of their conversation; a full batch may hide more.
      if (progressed || heads.length === BATCH) again = true;
      if (!again && soonest !== Infinity) arm(soonest);
    } while (again && !closed);
  }

  function arm(at: number): void {
    if (closed) return;
    if (wake && wake.at <= at) return;
    if (wake) scheduler.clearTimeout(wake.handle);
    wake = {
      at,
      handle: scheduler.setTimeout(() => {
        wake = null;
        kick();
      }, at - scheduler.now()),
    };
  }

  function kick(opts: { now?: boolean } = {}): void {
    if (closed) return;
    if (opts.now) for (const b of backoff.values()) b.dueAt = 0;
    if (running) {
      again = true;
      return;
    }
    running = drain()
      .catch((e: unknown) => {
        log('outbox: a pass failed; retrying', e);
        arm(scheduler.now() + firstRetryMs);
      })
      .finally(() => {
        running = null;
        if (again && !closed) kick();
      });
  }

  return {
    kick,
    retry(messageId) {
      const m = repo.getMessage(db, messageId);
      if (!m) throw new XiaoniuError('chat.messageNotFound');
      if (m.state !== 'failed') throw new XiaoniuError('channel.notFailed');
      if (repo.moveMessageState(db, messageId, 'failed', 'pending')) {
        backoff.delete(messageId);
        options.emit('chat.messageState', { messageId, conversationId: m.conversationId, state: 'pending' });
      }
      kick();
    },
    async idle() {
      while (running) await running;
    },
    async close() {
      closed = true;
      if (wake) scheduler.clearTimeout(wake.handle);
      wake = null;
      while (running) await running;
    },
  };
}
