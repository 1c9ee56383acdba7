import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../store/db';
import { resolveDatabasePath } from '../store/paths';
import { systemClock } from '../shared/clock';
import { XiaoniuError, asXiaoniuError } from '../shared/errors';
import { createPhraseService } from '../phrases/service';
import { createPackService } from '../packs/service';
import type { ExportFormat, PackEncoding, PackFormat } from '../packs/types';
import { cliLocale, translate, type Locale } from '../i18n';
import { MAX_PACK_BYTES } from '../packs/types';
import { historyMain, historyUsage } from './history';

/**
 * `xiaoniu` — the command line over the same services as the app (issue 6 §6). It never seeds the
 * starter pack. With `--json`, stdout holds exactly one JSON document; progress and logs go to
 * stderr.
 *
 * Exit codes: 0 done; 1 usage error; 2 refused input or a rule broken (the file, the query, a
 * database from a newer version) — nothing was changed.
 */

const USAGE = `用法 / Usage:
  xiaoniu phrases import FILE [--format csv|xml|xlsx] [--replace] [--encoding E] [--json] [--db PATH]
  xiaoniu phrases export FILE [--format csv|qianniu-csv|xml|xlsx] [--encoding utf8|gb18030] [--group NAME]... [--db PATH]
  xiaoniu phrases list [--json] [--db PATH]
  xiaoniu phrases search QUERY [--limit N] [--json] [--db PATH]
The database is --db PATH, else $XIAONIU_DB, else the app's own (per-user data folder).`;

const ENCODINGS: Record<string, PackEncoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  gb18030: 'gb18030',
  gbk: 'gb18030',
  gb2312: 'gb18030',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
};

class UsageError extends Error {}

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** Runs one command line; resolves to the exit code. Never throws. */
export async function main(argv: string[], io: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) }): Promise<number> {
  if (argv[0] === 'history') return historyMain(argv.slice(1), io);
  const locale = cliLocale();
  let json = false;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        db: { type: 'string' },
        json: { type: 'boolean', default: false },
        format: { type: 'string' },
        encoding: { type: 'string' },
        replace: { type: 'boolean', default: false },
        group: { type: 'string', multiple: true },
        limit: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    json = values.json ?? false;
    const [area, command, arg] = positionals;
    if (values.help || !area) {
      io.out(USAGE + '\n' + historyUsage(locale) + '\n');
      return values.help ? 0 : 1;
    }
    if (area !== 'phrases' || !command) throw new UsageError(`unknown command: ${positionals.join(' ')}`);
    // Long busy timeout: another import (the app's or a second CLI) may hold the lock for seconds.
    const db = openDatabase(resolveDatabasePath(values.db), { busyTimeoutMs: 60_000 });
    try {
      const phrases = createPhraseService(db, systemClock);
      const packs = createPackService(phrases);
      switch (command) {
        case 'import': {
          if (!arg) throw new UsageError('import needs a FILE');
          const format = values.format as PackFormat | undefined;
          if (format && !['csv', 'xml', 'xlsx'].includes(format)) throw new UsageError(`--format ${format}`);
          const encoding = values.encoding === undefined ? undefined : ENCODINGS[values.encoding.toLowerCase()];
          if (values.encoding !== undefined && !encoding) throw new UsageError(`--encoding ${values.encoding}`);
          const bytes = readFile(arg);
          let lastPct = -1;
          const result = await packs.importPack(
            bytes,
            { replace: values.replace ?? false, ...(format ? { format } : {}), ...(encoding ? { encoding } : {}) },
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
          const problems = result.problems.map((p) => ({ line: p.line, reason: translate(locale, `errors.${p.code}`, p.params ?? {}) }));
          if (json) {
            io.out(
              JSON.stringify({
                imported: result.imported,
                duplicates: result.duplicates,
                problems,
                groups: result.groups,
                encoding: result.encoding,
                ignoredColumns: result.ignoredColumns,
              }) + '\n',
            );
          } else {
            io.out(
              locale === 'en'
                ? `Imported ${result.imported}, duplicates ${result.duplicates}, problems ${problems.length}, groups ${result.groups} (${result.format}, ${result.encoding}).\n`
                : `已导入 ${result.imported} 条，重复 ${result.duplicates} 条，问题 ${problems.length} 条，分组 ${result.groups} 个（${result.format}，${result.encoding}）。\n`,
            );
            if (result.ignoredColumns.length) io.out(`${locale === 'en' ? 'Ignored columns' : '已忽略的列'}: ${result.ignoredColumns.join(', ')}\n`);
            for (const p of problems) io.out(`${locale === 'en' ? 'line' : '第'} ${p.line}${locale === 'en' ? ':' : ' 行：'} ${p.reason}\n`);
          }
          return 0;
        }
        case 'export': {
          if (!arg) throw new UsageError('export needs a FILE');
          const format = (values.format ?? inferFormat(arg)) as ExportFormat;
          if (!['csv', 'qianniu-csv', 'xml', 'xlsx'].includes(format)) throw new UsageError(`--format ${format}`);
          const enc = values.encoding?.toLowerCase();
          const encoding = enc === undefined ? undefined : enc === 'utf8' || enc === 'utf-8' ? 'utf8' : enc === 'gb18030' ? 'gb18030' : null;
          if (encoding === null) throw new UsageError(`--encoding ${values.encoding}`);
          const groupIds = phrases.groupIdsForNames(values.group ?? []);
          const result = await packs.exportPack(format, encoding, groupIds);
          writeFileAtomically(arg, result.bytes);
          if (json) io.out(JSON.stringify({ exported: result.count, file: path.resolve(arg), format }) + '\n');
          else io.out(locale === 'en' ? `Exported ${result.count} phrases to ${arg}.\n` : `已导出 ${result.count} 条短语到 ${arg}。\n`);
          return 0;
        }
        case 'list': {
          const list = phrases.listPhrases().map((p) => ({ group: p.groupName, code: p.shortcutCode, content: p.content }));
          printPhrases(io, list, json, locale);
          return 0;
        }
        case 'search': {
          if (arg === undefined) throw new UsageError('search needs a QUERY');
          // `search 发货 退款` means both terms, as in the panel's search box.
          const query = positionals.slice(2).join(' ');
          const limit = values.limit === undefined ? undefined : Number(values.limit);
          if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new UsageError(`--limit ${values.limit}`);
          const found = await phrases.search(query, limit);
          printPhrases(
            io,
            found.hits.map((h) => ({ group: h.phrase.groupName, code: h.phrase.shortcutCode, content: h.phrase.content })),
            json,
            locale,
          );
          if (!json) io.err(locale === 'en' ? `${found.total} match(es)\n` : `共 ${found.total} 条\n`);
          return 0;
        }
        default:
          throw new UsageError(`unknown command: phrases ${command}`);
      }
    } finally {
      db.close();
    }
  } catch (e) {
    return fail(e, json, locale, io);
  }
}

function fail(e: unknown, json: boolean, locale: Locale, io: Io): number {
  if (e instanceof UsageError || (e as { code?: string })?.code?.startsWith?.('ERR_PARSE_ARGS')) {
    const message = translate(locale, 'errors.cli.usage', { detail: (e as Error).message });
    if (json) io.out(JSON.stringify({ error: message }) + '\n');
    else io.err(`${message}\n\n${USAGE}\n`);
    return 1;
  }
  const known = asXiaoniuError(e);
  if (known) {
    const message = translate(locale, `errors.${known.code}`, known.params);
    // Exactly the documented shape (issue 6 §6); the catalogue key goes to stderr for scripts.
    if (json) {
      io.out(JSON.stringify({ error: message }) + '\n');
      io.err(`${known.code} ${JSON.stringify(known.params)}\n`);
    }
    else io.err(`${message}\n`);
    return 2;
  }
  const message = (e as Error)?.stack ?? String(e);
  if (json) io.out(JSON.stringify({ error: (e as Error)?.message ?? String(e) }) + '\n');
  io.err(`${message}\n`);
  return 4;
}

/** Reads a pack; a device or FIFO (/dev/zero) or anything past 64 MB is refused before reading. */
function readFile(file: string): Uint8Array {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new XiaoniuError('cli.cannotRead', { file, reason: stat.isDirectory() ? 'EISDIR' : 'ENOTFILE' });
    if (stat.size > MAX_PACK_BYTES) throw new XiaoniuError('pack.tooLarge');
    return new Uint8Array(fs.readFileSync(file));
  } catch (e) {
    if (e instanceof XiaoniuError) throw e;
    throw new XiaoniuError('cli.cannotRead', { file, reason: (e as NodeJS.ErrnoException).code ?? (e as Error).message });
  }
}

/** Writes beside the target then renames, so a failed export never leaves half a file. */
function writeFileAtomically(file: string, bytes: Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw new XiaoniuError('cli.cannotWrite', { file, reason: (e as NodeJS.ErrnoException).code ?? (e as Error).message });
  }
}

function inferFormat(file: string): ExportFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.xml') return 'xml';
  if (ext === '.xlsx') return 'xlsx';
  if (ext === '.csv' || ext === '.txt' || ext === '') return 'csv';
  // .xls cannot be written, and CSV bytes under a .json or .xls name would confuse whoever opens it.
  throw new UsageError(`${ext}: name the file .csv, .xml or .xlsx, or pass --format`);
}

function printPhrases(io: Io, list: { group: string; code: string | null; content: string }[], json: boolean, locale: Locale): void {
  if (json) {
    io.out(JSON.stringify(list) + '\n');
    return;
  }
  if (!list.length) io.err(translate(locale, 'errors.cli.noPhrases') + '\n');
  for (const p of list) io.out(`[${p.group}] ${p.code ? '/' + p.code + ' ' : ''}${p.content.replace(/\n/g, '⏎')}\n`);
}
