import { z } from 'zod';
import { XiaoniuError } from '../shared/errors';

/**
 * Auto-reply rules as data (docs/autoreply.md "Rules"): one schema, shared by the rules file, the
 * store and (later) the settings tab, so a rule one of them accepts the others accept too.
 *
 * A rule is `{type, enabled, text}` plus, for keyword rules, `keywords`, `priority` and `name`.
 * A status situation (`firstOfDay`, `busy`, `away`, `overLimit`) may hold several texts, like
 * Qianniu's 新增: each text is one rule of that type, and the one checked (enabled) is the one sent —
 * so at most one rule of each status type may be enabled. Keyword rules are independent of each
 * other; they are tried by priority (lower first, none after every explicit priority, ties by
 * creation order).
 */

/** The situations a rule answers (glossary: rule types). */
export const RULE_TYPES = ['firstOfDay', 'busy', 'away', 'overLimit', 'keyword'] as const;
/** One rule type. */
export type RuleType = (typeof RULE_TYPES)[number];
/** The rule types that are status situations (at most one status reply per buyer message). */
export const STATUS_RULE_TYPES = ['firstOfDay', 'busy', 'away', 'overLimit'] as const;
/** A status situation. */
export type StatusRuleType = (typeof STATUS_RULE_TYPES)[number];

/** Longest reply text, in UTF-16 code units (a chat message's own limit, docs/transcripts.md). */
export const MAX_RULE_TEXT = 20_000;
/** Longest keyword, in UTF-16 code units. */
export const MAX_KEYWORD = 100;
/** Most keywords one rule may hold. */
export const MAX_KEYWORDS = 100;
/** Longest rule name, in code units. */
export const MAX_RULE_NAME = 64;
/** Most rules in one rule set (a rules file, the store). */
export const MAX_RULES = 10_000;
/** Priorities are whole numbers in this range (lower first). */
export const PRIORITY = { min: -1_000_000, max: 1_000_000 } as const;

/** No NUL and no lone surrogate: such text cannot be stored or sent intact. */
const storable = (s: string) => s.isWellFormed() && !s.includes('\u0000');

const text = z.string().min(1).max(MAX_RULE_TEXT).refine((s) => s.trim() !== '' && storable(s));
const keyword = z.string().max(MAX_KEYWORD).refine((s) => s.trim() !== '' && storable(s));
const name = z.string().min(1).max(MAX_RULE_NAME).refine((s) => s.trim() !== '' && storable(s));
const priority = z.number().int().min(PRIORITY.min).max(PRIORITY.max);

/**
 * One rule as the rules file and the store's import write it:
 * `{"type", "enabled", "text", "keywords"?, "priority"?, "name"?}`. Unknown fields are refused (a
 * misspelt `"keyword"` must not silently make a rule that never fires).
 */
export const ruleInputSchema = z.strictObject({
  type: z.enum(RULE_TYPES),
  enabled: z.boolean(),
  text,
  keywords: z.array(keyword).min(1).max(MAX_KEYWORDS).optional(),
  priority: priority.optional(),
  name: name.optional(),
});

/** A rule as written in a rules file (before it has an id). */
export type RuleInput = z.infer<typeof ruleInputSchema>;

/**
 * A checked rule with its identity: `id` (the store's row id, or the 1-based position in a rules
 * file) and `order`, its creation order (ties between equal priorities go to the lower). `keywords`
 * is empty, and `priority` and `name` null, on a status rule.
 */
export interface AutoReplyRule {
  id: number;
  type: RuleType;
  enabled: boolean;
  /** The reply as written: emoticon codes and `{buyer}` … variables unexpanded. */
  text: string;
  keywords: string[];
  priority: number | null;
  name: string | null;
  order: number;
}

/** A value for a message: strings cut to 40 characters, anything else as JSON. */
function shown(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  return s.length > 40 ? s.slice(0, 40) + '…' : s;
}

/**
 * Checks one raw rule (parsed JSON) at position `index` (0-based) of a rule set. Throws a
 * {@link XiaoniuError} naming the rule by `index` and `number` (index + 1) and: `autoreply.notARule` {index}, `autoreply.missingField`
 * {index, number, field}, `autoreply.unknownField` {index, number, field}, `autoreply.badType` {index, value},
 * `autoreply.badEnabled` {index}, `autoreply.badText` {index, max}, `autoreply.noKeywords` {index},
 * `autoreply.badKeyword` {index, max, most}, `autoreply.badPriority` {index, value, min, max},
 * `autoreply.badName` {index, max}, `autoreply.fieldNotForType` {index, field, type} (keywords,
 * priority or name on a status rule).
 */
export function checkRule(raw: unknown, index: number): RuleInput {
  // Messages name the rule both ways: 第 4 条 for people, [3] as in a JSON path.
  const fail = (code: string, params: Record<string, string | number> = {}) => new XiaoniuError(code, { index, number: index + 1, ...params });
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw fail('autoreply.notARule');
  const obj = raw as Record<string, unknown>;
  const r = ruleInputSchema.safeParse(raw);
  if (r.success) {
    const rule = r.data;
    if (rule.type === 'keyword' && rule.keywords === undefined) throw fail('autoreply.noKeywords');
    if (rule.type !== 'keyword') {
      for (const field of ['keywords', 'priority', 'name'] as const) {
        if (rule[field] !== undefined) throw fail('autoreply.fieldNotForType', { field, type: rule.type });
      }
    }
    return rule;
  }
  const issue = r.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') throw fail('autoreply.unknownField', { field: shown(issue.keys[0] ?? '') });
  const field = String(issue.path[0] ?? '');
  if (obj[field] === undefined) throw fail('autoreply.missingField', { field });
  switch (field) {
    case 'type':
      throw fail('autoreply.badType', { value: shown(obj.type) });
    case 'enabled':
      throw fail('autoreply.badEnabled');
    case 'text':
      throw fail('autoreply.badText', { max: MAX_RULE_TEXT });
    case 'keywords':
      if (Array.isArray(obj.keywords) && obj.keywords.length === 0) throw fail('autoreply.noKeywords');
      throw fail('autoreply.badKeyword', { max: MAX_KEYWORD, most: MAX_KEYWORDS });
    case 'priority':
      throw fail('autoreply.badPriority', { value: shown(obj.priority), min: PRIORITY.min, max: PRIORITY.max });
    default:
      throw fail('autoreply.badName', { max: MAX_RULE_NAME });
  }
}

/**
 * Checks a whole rule set (the parsed JSON of a rules file: an array of rules) and gives each rule
 * its 1-based position as id and creation order. Throws `autoreply.notAList`, `autoreply.tooManyRules`
 * {max}, whatever {@link checkRule} throws, and `autoreply.twoChecked` {index, type} when a second
 * rule of one status situation is enabled (only one text of a situation is sent).
 */
export function checkRuleSet(raw: unknown): AutoReplyRule[] {
  if (!Array.isArray(raw)) throw new XiaoniuError('autoreply.notAList');
  if (raw.length > MAX_RULES) throw new XiaoniuError('autoreply.tooManyRules', { max: MAX_RULES });
  const rules = raw.map((r, i) => toRule(checkRule(r, i), i + 1, i + 1));
  checkOneChecked(rules);
  return rules;
}

/**
 * Throws `autoreply.twoChecked` {index (0-based, of the second), type} when two rules of one status
 * type are enabled in `rules` (in their order).
 */
export function checkOneChecked(rules: readonly AutoReplyRule[]): void {
  const seen = new Set<RuleType>();
  rules.forEach((r, i) => {
    if (r.type === 'keyword' || !r.enabled) return;
    if (seen.has(r.type)) throw new XiaoniuError('autoreply.twoChecked', { index: i, number: i + 1, type: r.type });
    seen.add(r.type);
  });
}

/** A checked input as a rule with `id` and creation `order`. */
export function toRule(input: RuleInput, id: number, order: number): AutoReplyRule {
  return {
    id,
    type: input.type,
    enabled: input.enabled,
    text: input.text,
    keywords: input.type === 'keyword' ? [...(input.keywords ?? [])] : [],
    priority: input.type === 'keyword' ? (input.priority ?? null) : null,
    name: input.type === 'keyword' ? (input.name ?? null) : null,
    order,
  };
}

/** A rule in the rules-file format (fields in a fixed order; keyword fields only where set). */
export function ruleJson(rule: AutoReplyRule): RuleInput {
  const out: RuleInput = { type: rule.type, enabled: rule.enabled, text: rule.text };
  if (rule.type === 'keyword') {
    out.keywords = [...rule.keywords];
    if (rule.priority !== null) out.priority = rule.priority;
    if (rule.name !== null) out.name = rule.name;
  }
  return out;
}

/**
 * Keyword rules in the order they are tried: priority ascending, a rule without a priority after
 * every explicit one, ties by creation order (docs/autoreply.md "Keyword replies").
 */
export function byPriority(a: AutoReplyRule, b: AutoReplyRule): number {
  const pa = a.priority ?? Infinity;
  const pb = b.priority ?? Infinity;
  return pa === pb ? a.order - b.order : pa < pb ? -1 : 1;
}
