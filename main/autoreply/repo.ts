import type { Database } from '../store/db';
import { stmt } from '../store/statements';
import type { Clock } from '../shared/clock';
import { checkOneChecked, toRule, type AutoReplyRule, type RuleInput, type RuleType } from './rules';

/**
 * The only SQL for auto-reply rules (table `auto_reply_rule`, migration 0070). Rows are written
 * only from rules the one schema checked (`rules.ts`); the table's own constraints (one checked
 * text per situation, keywords only on keyword rules) are the last line of defence.
 */

interface RuleRow {
  id: number;
  type: RuleType;
  enabled: number;
  text: string;
  keywords: string | null;
  priority: number | null;
  name: string | null;
  sort_order: number;
}

/** Every stored rule in creation order (`sort_order`, then id). */
export function listRules(db: Database): AutoReplyRule[] {
  const rows = stmt(db, `SELECT id, type, enabled, text, keywords, priority, name, sort_order FROM auto_reply_rule ORDER BY sort_order, id`).all() as RuleRow[];
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    enabled: r.enabled === 1,
    text: r.text,
    keywords: r.keywords === null ? [] : (JSON.parse(r.keywords) as string[]),
    priority: r.priority,
    name: r.name,
    order: r.sort_order,
  }));
}

/** What {@link importRules} did. */
export interface ImportRulesResult {
  /** Rules stored from the file. */
  imported: number;
  /** Rules removed first (`replace`), else 0. */
  removed: number;
  /** Stored rules unchecked because the file checked another text of their situation. */
  unchecked: number;
}

/**
 * Stores `inputs` (checked by `checkRuleSet`, in file order) in one transaction: after the existing
 * rules, or instead of them with `replace`. A checked status rule from the file unchecks the stored
 * rule of its situation (only one text of a situation is sent; the file's is the newer choice).
 * Throws `autoreply.twoChecked` {index, number, type} when the file itself checks two texts of one
 * situation (nothing is stored); SQLite errors propagate after the rollback.
 */
export function importRules(db: Database, clock: Clock, inputs: readonly RuleInput[], replace: boolean): ImportRulesResult {
  checkOneChecked(inputs.map((r, i) => toRule(r, i + 1, i + 1)));
  return db.transaction((): ImportRulesResult => {
    const now = clock.now();
    const removed = replace ? stmt(db, `DELETE FROM auto_reply_rule`).run().changes : 0;
    let unchecked = 0;
    for (const r of inputs) {
      if (r.type !== 'keyword' && r.enabled) {
        unchecked += stmt(db, `UPDATE auto_reply_rule SET enabled = 0, updated_at = ? WHERE type = ? AND enabled = 1`).run(now, r.type).changes;
      }
    }
    let order = (stmt(db, `SELECT coalesce(max(sort_order), 0) FROM auto_reply_rule`).pluck().get() as number) + 1;
    const insert = stmt(db, `INSERT INTO auto_reply_rule (type, enabled, text, keywords, priority, name, sort_order, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const r of inputs) {
      const rule = toRule(r, 0, order++);
      insert.run(rule.type, rule.enabled ? 1 : 0, rule.text, rule.type === 'keyword' ? JSON.stringify(rule.keywords) : null, rule.priority, rule.name, rule.order, now, now);
    }
    return { imported: inputs.length, removed, unchecked };
  })();
}
