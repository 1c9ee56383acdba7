import path from 'node:path';
import { openDatabase } from '../store/db';
import { resolveDatabasePath } from '../store/paths';
import { systemClock } from '../shared/clock';
import { formatInstant, localDateOf, localTimeOf } from '../shared/time-zone';
import { createSettingsService, agentTimeZone } from '../settings/service';
import { createChatService, type ChatService } from '../chat/service';
import { HISTORY_BOM, type HistoryFormat } from '../chat/history-export';
import { historyLabels } from '../chat/history-labels';
import { translate, type Locale } from '../i18n';
import type { HistoryRun } from './args';
import { exportTarget, openInputFile, writeExportStream, type InputFile } from './files';
import type { Io } from './io';

/**
 * `xiaoniu history import|export|search` — chat history (聊天记录) from a terminal, over the same
 * chat service as the app (docs/cli.md "History"; the format: docs/transcripts.md). The grammar,
 * the exit codes and the refusals are the CLI's own (args.ts, index.ts); this file runs a command
 * that was understood, with the words of the catalogue's `history` section.
 */

/** Results printed per write when streaming every search hit. */
const HITS_PER_WRITE = 500;

/**
 * Runs one `history` command; resolves to 0. Throws the `XiaoniuError`s of the file (`cli.*`),
 * the database and the chat service (`history.*`: a malformed transcript naming the event, an
 * unknown buyer) — before anything is stored or any file replaced (the CLI's `main` turns them
 * into a message and an exit code).
 */
export async function runHistory(cmd: HistoryRun, io: Io, locale: Locale): Promise<number> {
  // Checked before the database is opened: a wrong file or target costs nothing.
  let source: InputFile | undefined;
  if (cmd.command === 'import') source = openInputFile(cmd.operand);
  if (cmd.command === 'export') exportTarget(cmd.operand);
  try {
    // Long busy timeout: the app or another import may hold the write lock for seconds.
    const db = openDatabase(resolveDatabasePath(cmd.db), { busyTimeoutMs: 60_000 });
    try {
      const settings = createSettingsService(db, systemClock);
      const chat = createChatService(db, systemClock, { timeZone: () => agentTimeZone(settings) });
      switch (cmd.command) {
        case 'import':
          return runImport(chat, source!, cmd.json, locale, io);
        case 'export':
          return runExport(chat, cmd, locale, io);
        default:
          return runSearch(chat, cmd.operand, cmd.limit, cmd.json, locale, io);
      }
    } finally {
      db.close();
    }
  } finally {
    source?.close();
  }
}

function runImport(chat: ChatService, source: InputFile, json: boolean, locale: Locale, io: Io): number {
  const r = chat.importTranscript(source, { onProgress: (events) => io.err(translate(locale, 'history.progress', { events }) + '\n') });
  if (json) io.out(JSON.stringify({ buyers: r.buyers, messages: r.messages, orders: r.orders, duplicates: r.duplicates }) + '\n');
  else io.out(translate(locale, 'history.imported', { ...r, format: r.format === 'jsonl' ? 'JSON Lines' : 'JSON' }) + '\n');
  return 0;
}

function runExport(chat: ChatService, cmd: HistoryRun, locale: Locale, io: Io): number {
  const timezone = chat.timeZone();
  const format: HistoryFormat = cmd.format;
  const filter = { buyerIds: cmd.buyers, from: cmd.from, to: cmd.to };
  const count = writeExportStream(cmd.operand, (write) => {
    if (format !== 'json') write(HISTORY_BOM);
    return chat.exportHistory(format, filter, write, historyLabels(locale, timezone));
  });
  if (cmd.json) io.out(JSON.stringify({ exported: count, file: path.resolve(cmd.operand), format }) + '\n');
  else io.out(translate(locale, 'history.exported', { count, file: cmd.operand, timezone }) + '\n');
  return 0;
}

function runSearch(chat: ChatService, query: string, limit: number | undefined, json: boolean, locale: Locale, io: Io): number {
  const timezone = chat.timeZone();
  // Streamed: every hit of a large history is printed without holding them all.
  let count = 0;
  let batch: string[] = [];
  const flush = () => {
    if (batch.length) io.out(batch.join(''));
    batch = [];
  };
  if (json) batch.push('[');
  for (const hit of chat.searchAll(query)) {
    const m = hit.message;
    if (json) {
      batch.push((count ? ',' : '') + JSON.stringify({ buyer: hit.buyer.buyerId, at: formatInstant(m.createdAt, timezone), sender: m.sender, text: m.body }));
    } else {
      const who = hit.buyer.nickname ? `${hit.buyer.buyerId} ${hit.buyer.nickname}` : hit.buyer.buyerId;
      batch.push(
        `${localDateOf(m.createdAt, timezone)} ${localTimeOf(m.createdAt, timezone)} [${who}] ${translate(locale, `history.senders.${m.sender}`)}: ${m.body.replace(/\r\n?|\n/g, '⏎')}\n`,
      );
    }
    count++;
    if (batch.length >= HITS_PER_WRITE) flush();
    if (limit !== undefined && count >= limit) break;
  }
  if (json) batch.push(']\n');
  flush();
  if (!json) io.err((count ? translate(locale, 'history.found', { count }) : translate(locale, 'history.none')) + '\n');
  return 0;
}
