import type { Clock } from '../shared/clock';
import { localParts } from '../shared/time-zone';
import { fillVariables, type VariableName, type VariableValues } from '../shared/variables';
import type { AgentStatus } from '../chat/types';
import { compileKeywords, type KeywordMatcher } from './match';
import type { AutoReplyRule, RuleType, StatusRuleType } from './rules';

/**
 * The auto-reply engine: what to send for each buyer message, by the exact rules of
 * docs/autoreply.md "Semantics" — plain functions over an explicit state, every event carrying its
 * instant (ms since the epoch), so the rule tester replays a transcript on its own clock and the
 * app feeds live events with the wall clock ({@link createAutoReplyEngine}).
 *
 * Events must arrive in time order (equal instants in arrival order).
 *
 * Bounded state: per buyer a handful of numbers, the send times of at most `hourlyCap` replies and
 * one time per cooled rule type. A buyer with no event for {@link FORGET_AFTER_MS} is forgotten —
 * by then every window has closed (cooldown ≤ 24 h, the cap's hour, the loop guard's 5 s) and the
 * local day has changed (which ends a pause and makes the next message the first of its day), so
 * forgetting changes no decision. The sweep runs at most once an hour of event time.
 */

/** A buyer message within this long after the latest auto-reply to that buyer is quick (loop guard). */
export const QUICK_MS = 5_000;
/** The third quick message in a row pauses auto-replies to that buyer. */
export const QUICK_LIMIT = 3;
/** A buyer is active while their latest message is less than this old (and not closed since). */
export const ACTIVE_MS = 30 * 60_000;
/** The rolling window of the hourly cap. */
export const CAP_WINDOW_MS = 60 * 60_000;
/** A buyer silent this long is forgotten (longer than any local day, DST days included). */
export const FORGET_AFTER_MS = 26 * 60 * 60_000;
/** Longest cooldown the engine accepts, so forgetting stays exact. */
export const MAX_COOLDOWN_MS = 24 * 60 * 60_000;

/** What the engine is tuned by (docs/autoreply.md "Settings"). */
export interface EngineSettings {
  /** N of 接待中心设置: buyers beyond the first N active get `overLimit` (≥ 1). */
  maxConcurrent: number;
  /** ms between two replies of one of `busy`, `away`, `overLimit` to one buyer (default 10 min, ≤ 24 h). */
  cooldownMs: number;
  /** Most auto-replies to one buyer in any rolling hour (default 6). */
  hourlyCap: number;
  /** IANA zone of the agent: calendar days, `{date}` and `{time}` are local there. */
  timeZone: string;
}

/** The default cooldown of docs/autoreply.md "Settings": 10 minutes, in ms. */
export const DEFAULT_COOLDOWN_MS = 10 * 60_000;
/** The default hourly cap of docs/autoreply.md "Settings": 6 auto-replies per buyer per rolling hour. */
export const DEFAULT_HOURLY_CAP = 6;

/** The rules compiled for the engine: the checked rule of each status situation, and the keyword matcher. */
export interface CompiledRules {
  /** The enabled rule of each situation, or null (disabled: the situation sends nothing). */
  status: Record<StatusRuleType, AutoReplyRule | null>;
  keywords: KeywordMatcher;
}

/** Compiles a rule set for {@link onBuyerMessage}. At most one enabled rule per situation is used (the first). */
export function compileRules(rules: readonly AutoReplyRule[]): CompiledRules {
  const status: CompiledRules['status'] = { firstOfDay: null, busy: null, away: null, overLimit: null };
  for (const r of rules) if (r.type !== 'keyword' && r.enabled && !status[r.type]) status[r.type] = r;
  return { status, keywords: compileKeywords(rules) };
}

/** What the engine remembers of one buyer. */
interface BuyerState {
  /** Latest event of any kind about this buyer (for forgetting). */
  lastEventAt: number;
  /** Latest visible buyer message; null before the first. */
  lastMessageAt: number | null;
  /** Local day (`YYYY-MM-DD`) of the latest visible buyer message. */
  lastMessageDay: string | null;
  /** When the current active stretch began (null: not active since a close). */
  activeSince: number | null;
  /** Latest auto-reply to this buyer with no agent message after it (null: none, or the agent wrote since). */
  lastAutoReplyAt: number | null;
  /** Quick messages in a row. */
  quick: number;
  /** Local day on which the loop guard paused this buyer, or null. */
  pausedDay: string | null;
  /** Send times of the auto-replies inside the cap's window, oldest first. */
  sent: number[];
  /** Per cooled situation, when its reply was last sent. */
  cooled: Partial<Record<StatusRuleType, number>>;
}

/** The engine's state: the agent's status and the buyers it remembers. Create with {@link createEngineState}. */
export interface EngineState {
  status: AgentStatus;
  buyers: Map<string, BuyerState>;
  /** Active buyers in order of becoming active (a Map keeps insertion order). */
  active: Map<string, number>;
  lastSweepAt: number;
}

/** A fresh state: status 在线 (the status before any status event), nobody seen. */
export function createEngineState(): EngineState {
  return { status: 'online', buyers: new Map(), active: new Map(), lastSweepAt: -Infinity };
}

/** A buyer message as the engine sees it. */
export interface BuyerMessageEvent {
  /** ms since the epoch. */
  at: number;
  /** The buyer's key (channel and id, as the caller identifies buyers). */
  buyer: string;
  text: string;
  /** True when the channel marks it automatic (another bot) or it is an echo of our own message. */
  automatic?: boolean;
}

/** Values for the reply variables other than `{date}` and `{time}`, which the engine computes. */
export interface ReplyContext {
  /** `{buyer}`: the buyer's nickname, else their id. */
  buyer: string;
  /** `{agent}`, `{shop}`: empty or null when not set. */
  agent: string | null;
  shop: string | null;
}

/** One reply to send. */
export interface AutoReply {
  /** ms: the buyer message's instant. */
  at: number;
  buyer: string;
  ruleType: RuleType;
  ruleId: number;
  /** The keyword rule's name (null on status replies and unnamed rules). */
  name: string | null;
  /** The text with every variable filled. */
  text: string;
}

/** A reply the rules chose but that was not sent because a variable it uses has no value. */
export interface HeldReply {
  ruleType: RuleType;
  ruleId: number;
  missing: VariableName[];
}

/** What one buyer message produced. */
export interface Decision {
  /** In the order to send: the status reply first, then the keyword reply. */
  replies: AutoReply[];
  held: HeldReply[];
  /** True when this message tripped the loop guard: show 自动回复已暂停：对方疑似机器人. */
  pausedAsBot: boolean;
}

/** A decision with nothing in it (a fresh one each time: callers may keep and extend it). */
const nothing = (pausedAsBot = false): Decision => ({ replies: [], held: [], pausedAsBot });

function buyerState(state: EngineState, buyer: string, at: number): BuyerState {
  let b = state.buyers.get(buyer);
  if (!b) {
    b = { lastEventAt: at, lastMessageAt: null, lastMessageDay: null, activeSince: null, lastAutoReplyAt: null, quick: 0, pausedDay: null, sent: [], cooled: {} };
    state.buyers.set(buyer, b);
  }
  b.lastEventAt = at;
  return b;
}

/** Forgets buyers silent for {@link FORGET_AFTER_MS} and drops expired active entries; at most hourly. */
function sweep(state: EngineState, at: number): void {
  if (at - state.lastSweepAt < CAP_WINDOW_MS) return;
  state.lastSweepAt = at;
  for (const [id, b] of state.buyers) {
    if (at - b.lastEventAt >= FORGET_AFTER_MS) {
      state.buyers.delete(id);
      state.active.delete(id);
    }
  }
}

/** True while `b` counts as active at `at`: a message in (at − 30 min, at] and no close since. */
function isActive(b: BuyerState | undefined, at: number): boolean {
  return !!b && b.activeSince !== null && b.lastMessageAt !== null && b.lastMessageAt > at - ACTIVE_MS;
}

/**
 * True when `buyer` is among the first `n` buyers active at `at`, in order of becoming active.
 * Walks the active list from its oldest entry only until `n` active buyers are counted (so a
 * decision costs O(N), not O(everyone active)), dropping entries of buyers no longer active.
 */
function amongFirst(state: EngineState, buyer: string, at: number, n: number): boolean {
  let rank = 0;
  for (const id of state.active.keys()) {
    if (id === buyer) return true;
    if (isActive(state.buyers.get(id), at)) {
      if (++rank >= n) return false;
    } else state.active.delete(id);
  }
  return true;
}

/** `{date}` (YYYY-MM-DD, also the local calendar day) and `{time}` (HH:mm) at `at` in `zone`. */
function dateAndTime(at: number, zone: string): { date: string; time: string } {
  const p = localParts(at, zone);
  const pad = (n: number) => (n < 10 ? '0' : '') + n;
  return { date: `${p.year}-${pad(p.month)}-${pad(p.day)}`, time: `${pad(p.hour)}:${pad(p.minute)}` };
}

/**
 * Decides the auto-replies to one buyer message and records them as sent at `event.at` (the caller
 * queues them in the outbox, which never drops a message). The rules, in order (docs/autoreply.md):
 *
 * 1. An automatic message or echo gets nothing and changes nothing.
 * 2. Loop guard: a message ≤ 5 s after the latest auto-reply to the buyer, with no agent message
 *    since, is quick; any other message resets the count. The 3rd quick message in a row pauses the
 *    buyer (this and later messages get nothing) until the agent writes to them or the local day
 *    changes; `pausedAsBot` is true on the message that trips it.
 * 3. At most one status reply: 离开 / 挂起 → `away`; 忙碌 → `busy`; 在线 and not among the first N
 *    active buyers → `overLimit`; else the buyer's first message of the local day → `firstOfDay`.
 *    A disabled or cooling situation sends nothing and does not fall through.
 * 4. `busy`, `away`, `overLimit` reach a buyer at most once per cooldown (exactly the cooldown later
 *    is allowed again).
 * 5. At most one keyword reply: the first enabled keyword rule by priority whose keyword occurs.
 * 6. Status reply first; a reply is sent only while fewer than `hourlyCap` went to the buyer in
 *    (t − 60 min, t], checked reply by reply; a reply not sent counts for nothing.
 *
 * A chosen reply whose text uses a variable without a value (`{shop}` with no shop name) is not sent
 * (it is listed in `held`, never sent with `{shop}` in it) and counts for nothing.
 */
export function onBuyerMessage(state: EngineState, rules: CompiledRules, settings: EngineSettings, event: BuyerMessageEvent, context: ReplyContext): Decision {
  if (event.automatic) return nothing();
  const { at, buyer } = event;
  sweep(state, at);
  const b = buyerState(state, buyer, at);
  const local = dateAndTime(at, settings.timeZone);
  const day = local.date;

  // 2. The loop guard. A pause ends with the local day.
  if (b.pausedDay !== null && b.pausedDay !== day) {
    b.pausedDay = null;
    b.quick = 0;
  }
  const quick = b.lastAutoReplyAt !== null && at - b.lastAutoReplyAt <= QUICK_MS;
  b.quick = quick ? b.quick + 1 : 0;
  let pausedAsBot = false;
  if (b.quick >= QUICK_LIMIT && b.pausedDay === null) {
    b.pausedDay = day;
    pausedAsBot = true;
  }

  // The message itself: it makes the buyer active and may be their first of the day.
  const firstOfDay = b.lastMessageDay !== day;
  if (!isActive(b, at)) {
    b.activeSince = at;
    state.active.delete(buyer);
    state.active.set(buyer, at);
  }
  b.lastMessageAt = at;
  b.lastMessageDay = day;

  if (b.pausedDay !== null) return nothing(pausedAsBot);

  // 3. The status situation.
  let situation: StatusRuleType | null = null;
  if (state.status === 'away' || state.status === 'suspended') situation = 'away';
  else if (state.status === 'busy') situation = 'busy';
  else if (!amongFirst(state, buyer, at, settings.maxConcurrent)) situation = 'overLimit';
  else if (firstOfDay) situation = 'firstOfDay';

  const replies: AutoReply[] = [];
  const held: HeldReply[] = [];
  let vars: VariableValues | null = null;
  const send = (rule: AutoReplyRule): boolean => {
    // 6. The hourly cap, reply by reply.
    while (b.sent.length && b.sent[0]! <= at - CAP_WINDOW_MS) b.sent.shift();
    if (b.sent.length >= settings.hourlyCap) return false;
    vars ??= { buyer: context.buyer, agent: context.agent, shop: context.shop, date: local.date, time: local.time };
    const filled = fillVariables(rule.text, vars);
    if (filled.missing.length) {
      held.push({ ruleType: rule.type, ruleId: rule.id, missing: filled.missing });
      return false;
    }
    replies.push({ at, buyer, ruleType: rule.type, ruleId: rule.id, name: rule.name, text: filled.text });
    recordSent(b, at);
    return true;
  };

  if (situation) {
    const rule = rules.status[situation];
    const cooledAt = situation === 'firstOfDay' ? undefined : b.cooled[situation];
    // 4. Cooling: exactly `cooldownMs` later is allowed again.
    if (rule && (cooledAt === undefined || at - cooledAt >= settings.cooldownMs)) {
      if (send(rule) && situation !== 'firstOfDay') b.cooled[situation] = at;
    }
  }
  // 5. The keyword reply.
  const keywordRule = rules.keywords.firstMatch(event.text);
  if (keywordRule) send(keywordRule);
  return { replies, held, pausedAsBot };
}

function recordSent(b: BuyerState, at: number): void {
  b.sent.push(at);
  b.lastAutoReplyAt = at;
}

/**
 * The agent wrote to `buyer` at `at`: the loop guard's count and pause end (a message after this is
 * not quick until the next auto-reply).
 */
export function onAgentMessage(state: EngineState, event: { at: number; buyer: string }): void {
  sweep(state, event.at);
  const b = buyerState(state, event.buyer, event.at);
  b.lastAutoReplyAt = null;
  b.quick = 0;
  b.pausedDay = null;
}

/** The agent's status changed at `at` (离开 / 挂起 → away replies, 忙碌 → busy replies). */
export function onStatusChange(state: EngineState, event: { at: number; status: AgentStatus }): void {
  state.status = event.status;
}

/** The conversation with `buyer` was closed (结束会话) at `at`: they are no longer active. */
export function onClose(state: EngineState, event: { at: number; buyer: string }): void {
  sweep(state, event.at);
  const b = state.buyers.get(event.buyer);
  if (!b) return;
  b.lastEventAt = event.at;
  b.activeSince = null;
  state.active.delete(event.buyer);
}

/** The live engine: the same functions bound to a clock, the rules and the settings of the moment. */
export interface AutoReplyEngine {
  buyerMessage(event: Omit<BuyerMessageEvent, 'at'>, context: ReplyContext): Decision;
  agentMessage(buyer: string): void;
  statusChange(status: AgentStatus): void;
  close(buyer: string): void;
  /** Replaces the rules (after the agent saved 自动回复设置); the buyers' state is kept. */
  setRules(rules: readonly AutoReplyRule[]): void;
}

/**
 * Binds the engine to `clock` (ms since the epoch; a virtual clock in tests), the rules and a
 * settings getter read at every message (so a change applies to the next message).
 */
export function createAutoReplyEngine(clock: Clock, rules: readonly AutoReplyRule[], settings: () => EngineSettings): AutoReplyEngine {
  const state = createEngineState();
  let compiled = compileRules(rules);
  return {
    buyerMessage: (event, context) => onBuyerMessage(state, compiled, settings(), { ...event, at: clock.now() }, context),
    agentMessage: (buyer) => onAgentMessage(state, { at: clock.now(), buyer }),
    statusChange: (status) => onStatusChange(state, { at: clock.now(), status }),
    close: (buyer) => onClose(state, { at: clock.now(), buyer }),
    setRules: (next) => {
      compiled = compileRules(next);
    },
  };
}
