import type { Sender } from '../chat/types';

/**
 * Which desktop notifications to show for incoming buyer messages — pure, on times passed in (ms),
 * so it is tested on a virtual clock. The rule (the 消息中心 tab of 系统设置, docs/electron.md
 * "Notifications"):
 *
 * - Only a buyer's message that is not automatic (another shop's bot) notifies, only while the
 *   window is not focused and only when desktop notifications are on.
 * - One notification per conversation at a time: a newer message replaces that conversation's
 *   notification instead of stacking another. A replacement within `windowMs` of the previous one
 *   is quiet (no second sound for a buyer typing three lines in a row).
 * - Never a storm: a message older than the moment the shell started (catch-up after a restart or
 *   a reconnect), or a burst — more than `burstLimit` conversations within `windowMs` — collapses
 *   into ONE summary notification, "N 位买家发来新消息", counting the conversations it covers. The
 *   burst lasts while such messages keep coming less than `windowMs` apart; meanwhile the summary is
 *   re-shown at most once per `windowMs` with its count brought up to date ({@link NotifyPolicy.flush}
 *   shows an update held back).
 * - Focusing the window clears everything; reading a conversation clears its notification.
 */

/** What {@link NotifyPolicy.offer} needs to know about a stored message. */
export interface NotifyCandidate {
  conversationId: number;
  sender: Sender;
  automatic: boolean;
  /** When the message was written, ms since the epoch. */
  createdAt: number;
}

/** The moment a message is offered: the time and what the shell knows of the window and settings. */
export interface NotifyContext {
  /** ms since the epoch. */
  now: number;
  windowFocused: boolean;
  /** The `notifications.desktop` setting (default on). */
  enabled: boolean;
}

/** What the shell does with notifications; applied in order. */
export type NotifyAction =
  /** Show this conversation's notification, replacing the one it has (`quiet`: without sound). */
  | { type: 'show'; conversationId: number; quiet: boolean }
  /** Close this conversation's notification. */
  | { type: 'close'; conversationId: number }
  /** Show the summary for `buyers` conversations, replacing the summary on screen, if any. */
  | { type: 'summary'; buyers: number; quiet: boolean }
  /** Close the summary. */
  | { type: 'closeSummary' };

/** Options of {@link createNotifyPolicy}. */
export interface NotifyPolicyOptions {
  /** When the shell started, ms: messages written before it are catch-up. */
  startedAt: number;
  /** The burst window, ms (default 1000). */
  windowMs?: number;
  /** Most conversations that notify one by one within the window (default 3). */
  burstLimit?: number;
}

/** The policy's state machine; see {@link createNotifyPolicy}. */
export interface NotifyPolicy {
  /** A message was stored: the notifications to show, replace or close for it. */
  offer(candidate: NotifyCandidate, context: NotifyContext): NotifyAction[];
  /** A summary update held back by the once-per-window limit, due at {@link nextFlushAt}. */
  flush(now: number): NotifyAction[];
  /** When {@link flush} has something to show, ms; null when nothing waits. */
  nextFlushAt(): number | null;
  /** The conversation was read (or its notification clicked or closed by the system). */
  dismiss(conversationId: number): NotifyAction[];
  /** The summary was clicked or closed by the system: its count starts again. */
  dismissSummary(): NotifyAction[];
  /** The window got the focus: the agent is looking, close everything. */
  dismissAll(): NotifyAction[];
}

/**
 * Creates the policy. State: the conversations with a notification on screen (and when each was
 * last shown), the recent conversations inside the burst window, and the summary's conversations.
 */
export function createNotifyPolicy(options: NotifyPolicyOptions): NotifyPolicy {
  const windowMs = options.windowMs ?? 1000;
  const burstLimit = options.burstLimit ?? 3;
  /** Conversation → when its notification was last shown. */
  const shown = new Map<number, number>();
  /** Conversations that notified one by one, with when, inside the last window. */
  let recent: { conversationId: number; at: number }[] = [];
  const summarised = new Set<number>();
  let summaryOnScreen = false;
  let summaryShownAt = -Infinity;
  /** The burst continues until this moment (a message before it joins the summary). */
  let burstUntil = -Infinity;
  /** The summary's count changed since it was last shown. */
  let summaryStale = false;

  function summarise(conversationIds: Iterable<number>, now: number): NotifyAction[] {
    const actions: NotifyAction[] = [];
    for (const id of conversationIds) {
      summarised.add(id);
      if (shown.delete(id)) actions.push({ type: 'close', conversationId: id });
    }
    burstUntil = now + windowMs;
    if (!summaryOnScreen || now - summaryShownAt >= windowMs) {
      actions.push({ type: 'summary', buyers: summarised.size, quiet: summaryOnScreen });
      summaryOnScreen = true;
      summaryShownAt = now;
      summaryStale = false;
    } else {
      summaryStale = true;
    }
    return actions;
  }

  function dismissSummary(): NotifyAction[] {
    const wasOnScreen = summaryOnScreen;
    summarised.clear();
    summaryOnScreen = false;
    summaryStale = false;
    return wasOnScreen ? [{ type: 'closeSummary' }] : [];
  }

  return {
    offer(candidate, context) {
      const { now } = context;
      if (candidate.sender !== 'buyer' || candidate.automatic || context.windowFocused || !context.enabled) return [];
      const id = candidate.conversationId;
      if (candidate.createdAt < options.startedAt || now < burstUntil) return summarise([id], now);
      recent = recent.filter((r) => now - r.at < windowMs);
      recent.push({ conversationId: id, at: now });
      const conversations = new Set(recent.map((r) => r.conversationId));
      if (conversations.size > burstLimit) {
        recent = [];
        return summarise(conversations, now);
      }
      const last = shown.get(id);
      shown.set(id, now);
      return [{ type: 'show', conversationId: id, quiet: last !== undefined && now - last < windowMs }];
    },

    flush(now) {
      if (!summaryStale || now - summaryShownAt < windowMs) return [];
      summaryStale = false;
      summaryShownAt = now;
      // A count brought up to date, not news: the first summary already made its sound.
      return summaryOnScreen ? [{ type: 'summary', buyers: summarised.size, quiet: true }] : [];
    },

    nextFlushAt: () => (summaryStale ? summaryShownAt + windowMs : null),

    dismiss(conversationId) {
      return shown.delete(conversationId) ? [{ type: 'close', conversationId }] : [];
    },

    dismissSummary,

    dismissAll() {
      const actions: NotifyAction[] = [...shown.keys()].map((conversationId) => ({ type: 'close' as const, conversationId }));
      shown.clear();
      recent = [];
      burstUntil = -Infinity;
      return [...actions, ...dismissSummary()];
    },
  };
}
