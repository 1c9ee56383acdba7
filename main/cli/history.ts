import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../store/db';
import { resolveDatabasePath } from '../store/paths';
import { systemClock } from '../shared/clock';
import { XiaoniuError, asXiaoniuError } from '../shared/errors';
import { formatInstant, localDateOf, localTimeOf } from '../shared/time-zone';
import { createSettingsService, agentTimeZone } from '../settings/service';
import { createChatService, type ChatService } from '../chat/service';
import { fileSource } from '../chat/transcript';
import { HISTORY_BOM, type HistoryFormat, type HistoryLabels } from '../chat/history-export';
import { cliLocale, translate, type Locale } from '../i18n';

/**
 * `xiaoniu history import|export|search` — chat history (聊天记录) from a terminal, over the same
 * chat service as the app (docs/cli.md "History"; the format: docs/transcripts.md). As in the rest
 * of the CLI: with `--json` stdout holds exactly one JSON document and progress goes to stderr;
 * exit 0 done, 1 usage error, 2 refused input or a rule broken (nothing was changed), 4 internal
 * error. Messages come from the catalogue's `history` and `errors` sections, in Chinese unless
 * `XIAONIU_LANG=en`.
 */

/** Where output goes (the process's streams, or a test's buffers). */
export interface HistoryIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

class UsageError extends Error {}

const FORMATS: readonly HistoryFormat[] = ['json', 'csv', 'txt'];

/** Results printed per write when streaming every search hit. */
const HITS_PER_WRITE = 500;

/** Runs `xiaoniu history …` with `argv` = the words after `history`; resolves to the exit code. Never throws. */
export async function historyMain(
  argv: string[],
  io: HistoryIo = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) },
): Promise<number> {
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
        buyer: { type: 'string', multiple: true },
        from: { type: 'string' },
        to: { type: 'string' },
        limit: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    json = values.json ?? false;
    const [command, arg] = positionals;
    if (values.help || !command) {
      io.out(usage(locale) + '\n');
      return values.help ? 0 : 1;
    }
    if (!['import', 'export', 'search'].includes(command)) throw new UsageError(`unknown command: history ${command}`);
    if (arg === undefined) throw new UsageError(command === 'search' ? 'search needs a QUERY' : `${command} needs a FILE`);
    const limit = values.limit === undefined ? undefined : Number(values.limit);
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new UsageError(`--limit ${values.limit}`);
    const format = command === 'export' ? exportFormat(arg, values.format) : undefined;

    // Long busy timeout: the app or another import may hold the write lock for seconds.
    const db = openDatabase(resolveDatabasePath(values.db), { busyTimeoutMs: 60_000 });
    try {
      const settings = createSettingsService(db, systemClock);
      const chat = createChatService(db, systemClock, { timeZone: () => agentTimeZone(settings) });
      switch (command) {
        case 'import':
          return runImport(chat, arg, json, locale, io);
        case 'export':
          return runExport(chat, arg, format!, { buyerIds: values.buyer ?? [], from: values.from, to: values.to }, json, locale, io);
        default:
          // `search 发货 退款` means both terms, as in the search box.
          return runSearch(chat, positionals.slice(1).join(' '), limit, json, locale, io);
      }
    } finally {
      db.close();
    }
  } catch (e) {
    return fail(e, json, locale, io);
  }
}

/** The usage lines of `history`, for `xiaoniu --help` as well. */
export function historyUsage(locale: Locale): string {
  return translate(locale, 'history.usage');
}

function usage(locale: Locale): string {
  return `${translate(locale, 'history.usageTitle')}\n${historyUsage(locale)}`;
}

function runImport(chat: ChatService, file: string, json: boolean, locale: Locale, io: HistoryIo): number {
  const source = fileSource(file);
  try {
    const r = chat.importTranscript(source, { onProgress: (events) => io.err(translate(locale, 'history.progress', { events }) + '\n') });
    if (json) io.out(JSON.stringify({ buyers: r.buyers, messages: r.messages, orders: r.orders, duplicates: r.duplicates }) + '\n');
    else io.out(translate(locale, 'history.imported', { ...r, format: r.format === 'jsonl' ? 'JSON Lines' : 'JSON' }) + '\n');
    return 0;
  } finally {
    source.close();
  }
}

/** `--format`, else the file's extension (.csv, .txt; anything else is json). */
function exportFormat(file: string, flag: string | undefined): HistoryFormat {
  if (flag !== undefined) {
    if (!FORMATS.includes(flag as HistoryFormat)) throw new UsageError(`--format ${flag}`);
    return flag as HistoryFormat;
  }
  const ext = path.extname(file).toLowerCase();
  return ext === '.csv' ? 'csv' : ext === '.txt' ? 'txt' : 'json';
}

function runExport(
  chat: ChatService,
  file: string,
  format: HistoryFormat,
  filter: { buyerIds: string[]; from?: string; to?: string },
  json: boolean,
  locale: Locale,
  io: HistoryIo,
): number {
  const timezone = chat.timeZone();
  // Written beside the target and renamed, so a refused or failed export never leaves half a file.
  const tmp = `${file}.${process.pid}.tmp`;
  let fd: number | undefined;
  const cannotWrite = (e: unknown) =>
    new XiaoniuError('cli.cannotWrite', { file, reason: (e as NodeJS.ErrnoException).code ?? (e as Error).message });
  try {
    try {
      fd = fs.openSync(tmp, 'w');
    } catch (e) {
      throw cannotWrite(e);
    }
    const sink = (chunk: string) => {
      try {
        fs.writeSync(fd!, chunk);
      } catch (e) {
        throw cannotWrite(e);
      }
    };
    if (format !== 'json') sink(HISTORY_BOM);
    const count = chat.exportHistory(format, filter, sink, labels(locale, timezone));
    fs.closeSync(fd);
    fd = undefined;
    try {
      fs.renameSync(tmp, file);
    } catch (e) {
      throw cannotWrite(e);
    }
    if (json) io.out(JSON.stringify({ exported: count, file: path.resolve(file), format }) + '\n');
    else io.out(translate(locale, 'history.exported', { count, file, timezone }) + '\n');
    return 0;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
  }
}

/** The words of csv and txt exports, from the catalogue. */
function labels(locale: Locale, timezone: string): HistoryLabels {
  const t = (key: string, params: Record<string, string | number> = {}) => translate(locale, `history.${key}`, params);
  return {
    csvHeader: [t('csvTime', { timezone }), t('csvBuyer'), t('csvNickname'), t('csvKind'), t('csvContent')],
    kinds: {
      buyer: t('kinds.buyer'),
      buyerAuto: t('kinds.buyerAuto'),
      agent: t('kinds.agent'),
      agentAuto: t('kinds.agentAuto'),
      order: t('kinds.order'),
      paid: t('kinds.paid'),
      status: t('kinds.status'),
      close: t('kinds.close'),
    },
    statuses: { online: t('statuses.online'), busy: t('statuses.busy'), away: t('statuses.away'), suspended: t('statuses.suspended') },
    txtTitle: (tz) => t('txtTitle', { timezone: tz }),
    txtBuyer: (buyer, nickname) => (nickname === null ? t('txtBuyer', { buyer }) : t('txtBuyerNamed', { buyer, nickname })),
    txtBuyerName: (buyer, nickname, automatic) => (automatic ? t('txtBuyerAuto', { name: nickname ?? buyer }) : (nickname ?? buyer)),
    txtAgentName: (automatic) => t(automatic ? 'txtAgentAuto' : 'txtAgent'),
    txtOrder: (amount, paid) => t(paid ? 'txtPaid' : 'txtOrder', { amount }),
    txtClose: t('txtClose'),
    txtEmpty: t('txtEmpty'),
  };
}

function runSearch(chat: ChatService, query: string, limit: number | undefined, json: boolean, locale: Locale, io: HistoryIo): number {
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

/** The exit-code contract of `main/cli/index.ts`: usage 1, refused 2, internal 4; `{"error"}` on stdout with --json. */
function fail(e: unknown, json: boolean, locale: Locale, io: HistoryIo): number {
  if (e instanceof UsageError || (e as { code?: string })?.code?.startsWith?.('ERR_PARSE_ARGS')) {
    const message = translate(locale, 'errors.cli.usage', { detail: (e as Error).message });
    if (json) io.out(JSON.stringify({ error: message }) + '\n');
    else io.err(`${message}\n\n${usage(locale)}\n`);
    return 1;
  }
  const known = asXiaoniuError(e);
  if (known) {
    const message = translate(locale, `errors.${known.code}`, known.params);
    if (json) {
      io.out(JSON.stringify({ error: message }) + '\n');
      io.err(`${known.code} ${JSON.stringify(known.params)}\n`);
    } else io.err(`${message}\n`);
    return 2;
  }
  if (json) io.out(JSON.stringify({ error: (e as Error)?.message ?? String(e) }) + '\n');
  io.err(`${(e as Error)?.stack ?? String(e)}\n`);
  return 4;
}
