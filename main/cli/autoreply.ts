import { openDatabase } from '../store/db';
import { resolveDatabasePath } from '../store/paths';
import { systemClock } from '../shared/clock';
import { XiaoniuError } from '../shared/errors';
import { createSettingsService } from '../settings/service';
import { SETTINGS } from '../settings/definitions';
import { importRules, listRules } from '../autoreply/repo';
import { MAX_RULES_FILE_BYTES, parseRulesFile, rulesFileText } from '../autoreply/rules-file';
import { ruleJson } from '../autoreply/rules';
import { runTester, type TesterResult } from '../autoreply/tester';
import { translate, type Locale } from '../i18n';
import type { AutoreplyRun } from './args';
import path from 'node:path';
import { exportTarget, openInputFile, writeExportFile } from './files';
import type { Io } from './io';

/**
 * `xiaoniu autoreply test TRANSCRIPT [--rules FILE]` — the rule tester from a terminal
 * (docs/autoreply.md "The rule tester", docs/cli.md "autoreply"). `--json` prints exactly
 * `{"replies": [{"at", "buyer", "rule", "name"?, "text"}]}`; otherwise one line per reply, and on
 * stderr the buyers the loop guard paused and the replies held back for a missing variable.
 * `xiaoniu autoreply rules import FILE [--replace]` / `rules export FILE` move a rule set between
 * machines in the rules-file format (one transaction; a refused file changes nothing).
 */

/**
 * Runs an `autoreply` command; resolves to 0. Throws the `XiaoniuError`s of the files
 * (`cli.cannotRead`), a malformed transcript (`history.*`, naming the event) or rules file
 * (`autoreply.*`, naming the rule), and the database's — `main` turns them into a message and exit 2.
 */
export async function runAutoreply(cmd: AutoreplyRun, io: Io, locale: Locale): Promise<number> {
  if (cmd.command === 'rules import') return runImport(cmd, io, locale);
  if (cmd.command === 'rules export') return runExport(cmd, io, locale);
  // Both files are opened (and checked to be regular files) before the database.
  const transcript = openInputFile(cmd.operand);
  try {
    let result: TesterResult;
    if (cmd.rules !== undefined) {
      const rules = parseRulesFile(readWhole(cmd.rules, MAX_RULES_FILE_BYTES));
      result = runTester(transcript, rules, { maxConcurrent: SETTINGS.maxConcurrent.default });
    } else {
      const db = openDatabase(resolveDatabasePath(cmd.db), { busyTimeoutMs: 60_000 });
      try {
        const maxConcurrent = createSettingsService(db, systemClock).get('maxConcurrent') ?? SETTINGS.maxConcurrent.default;
        result = runTester(transcript, listRules(db), { maxConcurrent });
      } finally {
        db.close();
      }
    }
    print(result, cmd.json, io, locale);
    return 0;
  } finally {
    transcript.close();
  }
}

/** A regular file's bytes, at most `max` + 1 of them read (`autoreply.rulesTooLarge` past `max`). */
function readWhole(file: string, max: number): Uint8Array {
  const f = openInputFile(file);
  try {
    const parts: Buffer[] = [];
    let size = 0;
    for (;;) {
      const chunk = Buffer.alloc(1 << 16);
      const n = f.read(chunk);
      if (n === 0) break;
      parts.push(chunk.subarray(0, n));
      size += n;
      if (size > max) throw new XiaoniuError('autoreply.rulesTooLarge', { max: max / 1024 / 1024 });
    }
    return Buffer.concat(parts);
  } finally {
    f.close();
  }
}

function print(r: TesterResult, json: boolean, io: Io, locale: Locale): void {
  const t = (key: string, params: Record<string, string | number> = {}) => translate(locale, `autoreply.${key}`, params);
  const ruleName = (type: string) => t(`ruleNames.${type}`);
  for (const p of r.paused) io.err(t('pausedLine', p) + '\n');
  for (const h of r.held) io.err(t('heldLine', { at: h.at, buyer: h.buyer, rule: ruleName(h.rule), missing: h.missing.map((m) => `{${m}}`).join(' ') }) + '\n');
  if (json) {
    io.out(JSON.stringify({ replies: r.replies }) + '\n');
    return;
  }
  const lines = r.replies.map((x) => t('replyLine', { at: x.at, buyer: x.buyer, rule: x.name ?? ruleName(x.rule), text: x.text.replace(/\r?\n/g, '⏎') }));
  if (lines.length) io.out(lines.join('\n') + '\n');
  io.err((r.replies.length ? t('count', { count: r.replies.length, timezone: r.timezone }) : t('noReplies')) + '\n');
}

/** `rules import FILE [--replace]`: the file is read and checked whole before the database is opened. */
function runImport(cmd: AutoreplyRun, io: Io, locale: Locale): number {
  const rules = parseRulesFile(readWhole(cmd.operand, MAX_RULES_FILE_BYTES));
  const db = openDatabase(resolveDatabasePath(cmd.db), { busyTimeoutMs: 60_000 });
  try {
    const r = importRules(db, systemClock, rules.map(ruleJson), cmd.replace);
    if (cmd.json) io.out(JSON.stringify(r) + '\n');
    else io.err(translate(locale, 'autoreply.imported', { count: r.imported, removed: r.removed, unchecked: r.unchecked }) + '\n');
    return 0;
  } finally {
    db.close();
  }
}

/** `rules export FILE`: every stored rule in creation order; only ever replaces a regular file. */
function runExport(cmd: AutoreplyRun, io: Io, locale: Locale): number {
  exportTarget(cmd.operand);
  const db = openDatabase(resolveDatabasePath(cmd.db), { busyTimeoutMs: 60_000 });
  try {
    const rules = listRules(db);
    writeExportFile(cmd.operand, new TextEncoder().encode(rulesFileText(rules)));
    const file = path.resolve(cmd.operand);
    if (cmd.json) io.out(JSON.stringify({ exported: rules.length, file }) + '\n');
    else io.err(translate(locale, 'autoreply.exported', { count: rules.length, file }) + '\n');
    return 0;
  } finally {
    db.close();
  }
}
