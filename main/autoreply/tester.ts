import { XiaoniuError } from '../shared/errors';
import { formatInstant } from '../shared/time-zone';
import { readTranscript, type ByteSource, type TranscriptEvent } from '../chat/transcript';
import { TRANSCRIPT_CHANNEL } from '../chat/types';
import {
  DEFAULT_COOLDOWN_MS,
  DEFAULT_HOURLY_CAP,
  MAX_COOLDOWN_MS,
  compileRules,
  createEngineState,
  onAgentMessage,
  onBuyerMessage,
  onClose,
  onStatusChange,
  type EngineSettings,
} from './engine';
import type { AutoReplyRule, RuleType } from './rules';
import type { VariableName } from '../shared/variables';

/**
 * The rule tester (docs/autoreply.md "The rule tester"): replays a transcript through the engine
 * on the transcript's own clock and lists the replies it would send. The transcript is the chat
 * history format (docs/transcripts.md) with optional top-level settings: `maxConcurrent`,
 * `cooldownMinutes`, `hourlyCap`, `agent` and `shop`.
 */

/** The top-level fields a tester transcript may add to the history format. */
export const TESTER_FIELDS = ['maxConcurrent', 'cooldownMinutes', 'hourlyCap', 'agent', 'shop'] as const;
/** Accepted ranges of the numeric fields (whole numbers). */
export const TESTER_LIMITS = {
  maxConcurrent: { min: 1, max: 200 },
  cooldownMinutes: { min: 0, max: MAX_COOLDOWN_MS / 60_000 },
  hourlyCap: { min: 0, max: 1000 },
} as const;
/** Longest `agent` / `shop` value, in characters. */
export const MAX_TESTER_NAME = 64;
/** Most events a tester transcript may hold (it is held in memory to be put in time order). */
export const MAX_TESTER_EVENTS = 1_000_000;

/** One reply as the tester prints it (`--json`: `{"replies": [this, …]}`). */
export interface TesterReply {
  /** ISO-8601 in the agent's (the transcript's) time zone, with its offset. */
  at: string;
  buyer: string;
  rule: RuleType;
  /** The keyword rule's name; absent on status replies and unnamed rules. */
  name?: string;
  text: string;
}

/** What the replay found besides the replies. */
export interface TesterResult {
  replies: TesterReply[];
  /** Buyers the loop guard paused, with the instant (ISO) of the message that tripped it. */
  paused: { at: string; buyer: string }[];
  /** Replies not sent because their text uses a variable with no value. */
  held: { at: string; buyer: string; rule: RuleType; missing: VariableName[] }[];
  timezone: string;
}

/** Defaults for fields a transcript leaves out (the database's N when the rules come from it). */
export interface TesterDefaults {
  maxConcurrent: number;
}

/**
 * Replays the transcript read from `source` through the engine with `rules`. Events are put in
 * time order (equal instants keep the file's order). `{buyer}` is the event's nickname when it has
 * one, else the buyer id; `{agent}` and `{shop}` come from the transcript's fields. An `agent`
 * event marked `auto` (an auto-reply recorded in exported history) is skipped: the engine's own
 * replies take its place, and it is not the agent writing.
 *
 * Throws whatever `readTranscript` throws (naming the event), `autoreply.badTesterNumber` {field,
 * value, min, max}, `autoreply.badTesterName` {field, max}, `autoreply.tooManyEvents` {max}.
 */
export function runTester(source: ByteSource, rules: readonly AutoReplyRule[], defaults: TesterDefaults): TesterResult {
  const fields: { maxConcurrent?: number; cooldownMinutes?: number; hourlyCap?: number; agent?: string; shop?: string } = {};
  const events: { e: TranscriptEvent; index: number }[] = [];
  const info = readTranscript(
    source,
    (e, index) => {
      if (events.length >= MAX_TESTER_EVENTS) throw new XiaoniuError('autoreply.tooManyEvents', { max: MAX_TESTER_EVENTS });
      events.push({ e, index });
    },
    {
      keys: TESTER_FIELDS,
      onValue(key, value) {
        if (key === 'agent' || key === 'shop') {
          if (typeof value !== 'string' || [...value].length > MAX_TESTER_NAME || !value.isWellFormed()) {
            throw new XiaoniuError('autoreply.badTesterName', { field: key, max: MAX_TESTER_NAME });
          }
          fields[key] = value;
          return;
        }
        const limits = TESTER_LIMITS[key as keyof typeof TESTER_LIMITS];
        if (typeof value !== 'number' || !Number.isInteger(value) || value < limits.min || value > limits.max) {
          const shown = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
          throw new XiaoniuError('autoreply.badTesterNumber', { field: key, value: shown.slice(0, 40), ...limits });
        }
        fields[key as keyof typeof TESTER_LIMITS] = value;
      },
    },
  );
  // Array.prototype.sort is stable: equal instants keep the file's order.
  events.sort((a, b) => a.e.at - b.e.at || a.index - b.index);

  const zone = info.timezone;
  const settings: EngineSettings = {
    maxConcurrent: fields.maxConcurrent ?? defaults.maxConcurrent,
    cooldownMs: (fields.cooldownMinutes ?? DEFAULT_COOLDOWN_MS / 60_000) * 60_000,
    hourlyCap: fields.hourlyCap ?? DEFAULT_HOURLY_CAP,
    timeZone: zone,
  };
  const compiled = compileRules(rules);
  const state = createEngineState();
  const result: TesterResult = { replies: [], paused: [], held: [], timezone: zone };
  const key = (e: { channel?: string | undefined; buyer: string }) => (e.channel ?? TRANSCRIPT_CHANNEL) + '\u0001' + e.buyer;
  for (const { e } of events) {
    switch (e.type) {
      case 'status':
        onStatusChange(state, { at: e.at, status: e.status });
        break;
      case 'close':
        onClose(state, { at: e.at, buyer: key(e) });
        break;
      case 'agent':
        // A recorded `auto` agent message is an auto-reply of whatever rules were in force then:
        // the engine's own replies take its place, and it is not the agent writing.
        if (!e.auto) onAgentMessage(state, { at: e.at, buyer: key(e) });
        break;
      case 'buyer': {
        const d = onBuyerMessage(state, compiled, settings, { at: e.at, buyer: key(e), text: e.text, automatic: e.auto === true }, {
          buyer: e.nickname ?? e.buyer,
          agent: fields.agent ?? null,
          shop: fields.shop ?? null,
        });
        const at = formatInstant(e.at, zone);
        if (d.pausedAsBot) result.paused.push({ at, buyer: e.buyer });
        for (const h of d.held) result.held.push({ at, buyer: e.buyer, rule: h.ruleType, missing: h.missing });
        for (const r of d.replies) {
          // Keys in the documented order: at, buyer, rule, name (keyword replies), text.
          const named = r.ruleType === 'keyword' && r.name !== null ? { name: r.name } : {};
          result.replies.push({ at, buyer: e.buyer, rule: r.ruleType, ...named, text: r.text });
        }
        break;
      }
      case 'order':
        break;
    }
  }
  return result;
}
