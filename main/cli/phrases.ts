import path from 'node:path';
import { openDatabase } from '../store/db';
import { resolveDatabasePath } from '../store/paths';
import { systemClock } from '../shared/clock';
import { createPhraseService } from '../phrases/service';
import { createPackService } from '../packs/service';
import { translate, type Locale } from '../i18n';
import { exportEncoding, exportFormat, importCodeConflict, importEncoding, importFormat, type PhrasesRun } from './args';
import { exportTarget, readPackFile, writeExportFile, writeExportStream } from './files';
import type { Io } from './io';

/**
 * `xiaoniu phrases import|export|list|search` — quick phrases and phrase packs from a terminal,
 * over the same services as the app. It never seeds the starter pack.
 */

/**
 * Runs one `phrases` command; resolves to 0. Throws `UsageError` (args.ts) for a `--format`,
 * `--encoding` or `--on-code-conflict` value the command does not accept, and the
 * `XiaoniuError`s of reading the pack, the export target, the database and the services —
 * all before anything is changed (the CLI's `main` turns them into a message and an exit code).
 */
export async function runPhrases(cmd: PhrasesRun, io: Io, locale: Locale): Promise<number> {
  const t = (key: string, params: Record<string, string | number> = {}) => translate(locale, key, params);
  const list = (items: readonly string[]) => items.join(t('packs.listSeparator'));
  const json = cmd.json;
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
        // Our CSV (the common case, and the bench's) is written as it is read; the other layouts
        // need every phrase first (Qianniu's GBK check, a zip, an XML document).
        let count: number;
        if (exportFmt === 'csv') count = writeExportStream(cmd.operand, (write) => packs.exportCsvTo(exportEnc, groupIds, write));
        else {
          const result = await packs.exportPack(exportFmt, exportEnc, groupIds);
          writeExportFile(cmd.operand, result.bytes);
          count = result.count;
        }
        if (json) io.out(JSON.stringify({ exported: count, file: path.resolve(cmd.operand), format: exportFmt }) + '\n');
        else io.out(t('cli.exported', { count, file: cmd.operand }) + '\n');
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
          'errors.cli.noMatches',
        );
        if (!json) io.err(t('cli.matches', { count: found.total }) + '\n');
        return 0;
      }
    }
  } finally {
    db.close();
  }
}

/** Prints phrases a line each (or as JSON); `none` is the catalogue key said when there are none. */
function printPhrases(io: Io, phrases: { group: string; code: string | null; content: string }[], json: boolean, locale: Locale, none = 'errors.cli.noPhrases'): void {
  if (json) {
    io.out(JSON.stringify(phrases) + '\n');
    return;
  }
  if (!phrases.length) io.err(translate(locale, none) + '\n');
  for (const p of phrases) io.out(`[${p.group}] ${p.code ? '/' + p.code + ' ' : ''}${p.content.replace(/\n/g, '⏎')}\n`);
}
