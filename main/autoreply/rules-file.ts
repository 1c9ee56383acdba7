import { isUtf8 } from 'node:buffer';
import { XiaoniuError } from '../shared/errors';
import { checkRuleSet, ruleJson, type AutoReplyRule } from './rules';

/**
 * The rules file (docs/autoreply.md "The rules file"): UTF-8 JSON, a list of rules
 * `[{"type", "enabled", "text", "keywords"?, "priority"?, "name"?}]` in creation order — what
 * `xiaoniu autoreply rules export` writes, `rules import` and `autoreply test --rules` read.
 */

/** Largest rules file read, in bytes (10,000 rules of a few hundred characters fit). */
export const MAX_RULES_FILE_BYTES = 16 * 1024 * 1024;

/**
 * Parses and checks a rules file's bytes (a UTF-8 BOM is skipped). Ids and creation order are the
 * 1-based positions. Throws `autoreply.rulesTooLarge` {max}, `autoreply.rulesNotUtf8`,
 * `autoreply.rulesNotJson`, and whatever `checkRuleSet` throws (naming the rule).
 */
export function parseRulesFile(bytes: Uint8Array): AutoReplyRule[] {
  if (bytes.length > MAX_RULES_FILE_BYTES) throw new XiaoniuError('autoreply.rulesTooLarge', { max: MAX_RULES_FILE_BYTES / 1024 / 1024 });
  if (!isUtf8(bytes)) throw new XiaoniuError('autoreply.rulesNotUtf8');
  let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new XiaoniuError('autoreply.rulesNotJson');
  }
  return checkRuleSet(raw);
}

/** A rule set as a rules file: UTF-8 JSON without a BOM, one rule per line, ending in a newline. */
export function rulesFileText(rules: readonly AutoReplyRule[]): string {
  if (!rules.length) return '[]\n';
  return '[\n' + rules.map((r) => '  ' + JSON.stringify(ruleJson(r))).join(',\n') + '\n]\n';
}
