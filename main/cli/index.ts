import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../store/db';
import { resolveDatabasePath } from '../store/paths';
import { systemClock } from '../shared/clock';
import { asXiaoniuError, type XiaoniuError } from '../shared/errors';
import { createPhraseService } from '../phrases/service';
import { createPackService } from '../packs/service';
import { cliLocale, translate, type Locale } from '../i18n';
import {
  EXPORT_ENCODINGS,
  EXPORT_FORMATS,
  IMPORT_ENCODINGS,
  IMPORT_FORMATS,
  UsageError,
  exportEncoding,
  exportFormat,
  importCodeConflict,
  importEncoding,
  importFormat,
  parseCommandLine,
} from './args';
import { exportTarget, readPackFile, writeExportFile } from './files';
import { historyMain, historyUsage } from './history';

/**
 * `xiaoniu` — the command line over the same services as the app. It never seeds the starter
 * pack. With `--json`, stdout holds exactly one JSON document; progress and logs go to stderr.
 * Every sentence it prints comes from the catalogue (main/i18n) in ONE language: Chinese, or
 * English under `XIAONIU_LANG=en` / an English `LANG`.
 *
 * Exit codes: 0 done; 1 usage error; 2 refused input or a rule broken (the file, the query, the
 * export target, a database from a newer version) — nothing was changed; 4 internal error.
 * (3, Node too old or not built, comes from bin/check-node.js.)
 */

/** Where the CLI writes; a test passes its own. */
export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const stdio: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

/** The usage text of `area` (null: the top level) in `locale`. */
export function usage(locale: Locale, area: 'phrases' | null): string {
  if (area === null) return translate(locale, 'cli.usageMain') + '\n' + historyUsage(locale);
  return translate(locale, 'cli.usagePhrases', {
    importFormats: IMPORT_FORMATS.join('|'),
    exportFormats: EXPORT_FORMATS.join('|'),
    importEncodings: Object.keys(IMPORT_ENCODINGS).join('|'),
    exportEncodings: Object.keys(EXPORT_ENCODINGS).join('|'),
  });
}

/** This build's version, from the package.json the running code belongs to. */
function version(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'xiaoniu' && pkg.version) return pkg.version;
    }
    if (path.dirname(dir) === dir) return '0.0.0';
  }
}

/** Runs one command line; resolves to the exit code. Never throws. */
export async function main(argv: string[], io: Io = stdio): Promise<number> {
  if (argv[0] === 'history') return historyMain(argv.slice(1), io);
  const locale = cliLocale();
  const t = (key: string, params: Record<string, string | number> = {}) => translate(locale, key, params);
  const list = (items: readonly string[]) => items.join(t('packs.listSeparator'));
  // Known before parsing finishes, so a usage error is JSON too when --json was asked for.
  let json = argv.includes('--json');
  try {
    const cmd = parseCommandLine(argv);
    if (cmd.kind === 'version') {
      io.out(`xiaoniu ${version()}\n`);
      return 0;
    }
    if (cmd.kind === 'help') {
      io.out(usage(locale, cmd.area) + '\n');
      return 0;
    }
    if (cmd.kind === 'usage') {
      if (cmd.json) io.out(JSON.stringify({ error: t('errors.cli.missingCommand') }) + '\n');
      else io.err(usage(locale, cmd.area) + '\n');
      return 1;
    }
    json = cmd.json;
    // Checked before the database is opened or any work done: a wrong value or target costs nothing.
    const importFmt = cmd.command === 'import' ? importFormat(cmd.format) : undefined;
    const importEnc = cmd.command === 'import' ? importEncoding(cmd.encoding) : undefined;
    const onCodeConflict = importCodeConflict(cmd.onCodeConflict);
    const exportFmt = cmd.command === 'export' ? exportFormat(cmd.format, cmd.operand) : 'csv';
    const exportEnc = cmd.command === 'export' ? exportEncoding(cmd.encoding, exportFmt) : undefined;
    const bytes = cmd.command === 'import' ? readPackFile(cmd.operand) : new Uint8Array();
    if (cmd.command === 'export') exportTarget(cmd.operand);

    // Long busy timeout: another import (the app's or a second CLI) may hold the lock for seconds.
    const db = openDatabase(resolveDatabasePath(cmd.db), { busyTimeoutMs: 60_000 });
    try {
      const phrases = createPhraseService(db, systemClock);
      const packs = createPackService(phrases);
      switch (cmd.command) {
        case 'import': {
          let lastPct = -1;
          const result = await packs.importPack(
            bytes,
            {
              replace: cmd.replace,
              onCodeConflict,
              ...(importFmt ? { format: importFmt } : {}),
              ...(importEnc ? { encoding: importEnc } : {}),
            },
            {
              onProgress: (phase, done, total) => {
                const pct = total ? Math.floor((done / total) * 100) : 100;
                if (phase === 'write' && pct !== lastPct && (pct % 10 === 0 || pct === 100)) {
                  lastPct = pct;
                  io.err(`${pct}%\n`);
                }
              },
            },
          );
          const problems = result.problems.map((p) => ({ line: p.line, reason: t(`errors.${p.code}`, p.params ?? {}) }));
          if (json) {
            io.out(
              JSON.stringify({
                imported: result.imported,
                updated: result.updated,
                duplicates: result.duplicates,
                problems,
                groups: result.groups,
                encoding: result.encoding,
                ignoredColumns: result.ignoredColumns,
              }) + '\n',
            );
          } else {
            io.out(
              t('cli.imported', {
                imported: result.imported,
                duplicates: result.duplicates,
                problems: problems.length,
                groups: result.groups,
                format: result.format,
                encoding: result.encoding,
              }) + '\n',
            );
            if (onCodeConflict === 'update') io.out(t('packs.updatedInPlace', { count: result.updated }) + '\n');
            if (result.ignoredColumns.length) io.out(t('cli.ignoredColumns', { columns: list(result.ignoredColumns) }) + '\n');
            for (const p of problems) io.out(t('cli.problemLine', p) + '\n');
          }
          return 0;
        }
        case 'export': {
          const groupIds = phrases.groupIdsForNames(cmd.groups);
          const result = await packs.exportPack(exportFmt, exportEnc, groupIds);
          writeExportFile(cmd.operand, result.bytes);
          if (json) io.out(JSON.stringify({ exported: result.count, file: path.resolve(cmd.operand), format: exportFmt }) + '\n');
          else io.out(t('cli.exported', { count: result.count, file: cmd.operand }) + '\n');
          return 0;
        }
        case 'list': {
          const all = phrases.listPhrases().map((p) => ({ group: p.groupName, code: p.shortcutCode, content: p.content }));
          printPhrases(io, all, json, locale);
          return 0;
        }
        case 'search': {
          const found = await phrases.search(cmd.operand, cmd.limit);
          printPhrases(
            io,
            found.hits.map((h) => ({ group: h.phrase.groupName, code: h.phrase.shortcutCode, content: h.phrase.content })),
            json,
            locale,
          );
          if (!json) io.err(t('cli.matches', { count: found.total }) + '\n');
          return 0;
        }
      }
    } finally {
      db.close();
    }
  } catch (e) {
    return fail(e, json, locale, io);
  }
}

/** The sentence for `e` in `locale`; `accepted` value lists are joined with the locale's separator. */
function message(e: XiaoniuError, locale: Locale): string {
  const params = { ...e.params };
  if (typeof params.accepted === 'string') params.accepted = params.accepted.split('|').join(translate(locale, 'packs.listSeparator'));
  return translate(locale, `errors.${e.code}`, params);
}

function fail(e: unknown, json: boolean, locale: Locale, io: Io): number {
  const known = asXiaoniuError(e);
  if (known) {
    const text = message(known, locale);
    // Exactly the documented shape, {"error": …}; the catalogue key and its values go to stderr
    // for scripts.
    if (json) {
      io.out(JSON.stringify({ error: text }) + '\n');
      io.err(`${known.code} ${JSON.stringify(known.params)}\n`);
    } else if (known instanceof UsageError) {
      io.err(`${text}\n\n${usage(locale, known.area)}\n`);
    } else {
      io.err(`${text}\n`);
    }
    return known instanceof UsageError ? 1 : 2;
  }
  // A bug: the sentence in the reader's language, then the stack for whoever fixes it.
  const text = translate(locale, 'errors.internal');
  if (json) io.out(JSON.stringify({ error: text }) + '\n');
  io.err(`${text}\n${(e as Error)?.stack ?? String(e)}\n`);
  return 4;
}

function printPhrases(io: Io, phrases: { group: string; code: string | null; content: string }[], json: boolean, locale: Locale): void {
  if (json) {
    io.out(JSON.stringify(phrases) + '\n');
    return;
  }
  if (!phrases.length) io.err(translate(locale, 'errors.cli.noPhrases') + '\n');
  for (const p of phrases) io.out(`[${p.group}] ${p.code ? '/' + p.code + ' ' : ''}${p.content.replace(/\n/g, '⏎')}\n`);
}
