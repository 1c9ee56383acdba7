import { openDatabase } from '../store/db';
import { resolveDatabasePath } from '../store/paths';
import { systemClock } from '../shared/clock';
import { createSettingsService, agentTimeZone } from '../settings/service';
import { METRIC_NAMES, type DayMetrics, type ResponseBySuggestion, type ResponseSide } from '../metrics/compute';
import { todayIn } from '../metrics/days';
import { metricsOfDay, type MetricsOfDay } from '../metrics/service';
import { transcriptMetrics } from '../metrics/sources';
import { translate, type Locale } from '../i18n';
import type { MetricsRun } from './args';
import { openInputFile, type InputFile } from './files';
import type { Io } from './io';

/**
 * `xiaoniu metrics` — one day's service figures from the store or straight from a transcript
 * (docs/metrics.md, docs/cli.md "metrics"). `--json` prints exactly the seven figures, unrounded,
 * null where the denominator is zero; otherwise a table in the reader's language.
 */

/**
 * Runs `xiaoniu metrics`; resolves to 0. Throws the `XiaoniuError`s of the file (`cli.cannotRead`),
 * of a malformed transcript (`history.*`, naming the event), `metrics.noBuyerMessage`, and the
 * database's — the CLI's `main` turns them into a message and an exit code.
 */
export async function runMetrics(cmd: MetricsRun, io: Io, locale: Locale): Promise<number> {
  const result = cmd.transcript !== undefined ? fromTranscript(cmd.transcript, cmd.day) : fromStore(cmd.db, cmd.day);
  if (cmd.json) io.out(JSON.stringify(Object.fromEntries(METRIC_NAMES.map((k) => [k, result.metrics[k]]))) + '\n');
  else io.out(table(result, locale));
  return 0;
}

function fromTranscript(file: string, day: string | undefined): MetricsOfDay {
  const opened: InputFile[] = [];
  try {
    // Opened (and checked to be a regular file) before anything is read; read twice without --day.
    const first = openInputFile(file);
    opened.push(first);
    let fresh: InputFile | null = first;
    return transcriptMetrics(() => {
      if (fresh) {
        const f = fresh;
        fresh = null;
        return f;
      }
      const again = openInputFile(file);
      opened.push(again);
      return again;
    }, day);
  } finally {
    for (const f of opened) f.close();
  }
}

function fromStore(dbPath: string | undefined, day: string | undefined): MetricsOfDay {
  // Long busy timeout: the app or an import may hold the write lock while the schema is checked.
  const db = openDatabase(resolveDatabasePath(dbPath), { busyTimeoutMs: 60_000 });
  try {
    const zone = agentTimeZone(createSettingsService(db, systemClock));
    return metricsOfDay(db, day ?? todayIn(systemClock.now(), zone), zone);
  } finally {
    db.close();
  }
}

/** A figure as the table shows it: percentages, seconds and yuan rounded for reading; null as —. */
function shown(name: keyof DayMetrics, v: number | null, locale: Locale): string {
  const t = (key: string, value: string) => translate(locale, `metrics.${key}`, { value });
  if (v === null) return translate(locale, 'metrics.none');
  switch (name) {
    case 'buyers':
      return String(v);
    case 'replyRate':
    case 'conversion':
      return t('percent', (v * 100).toFixed(2));
    case 'avgResponseSeconds':
    case 'avgFirstResponseSeconds':
      return t('seconds', v.toFixed(1));
    case 'qaRatio':
      return v.toFixed(2);
    case 'avgOrderValue':
      return t('yuan', v.toFixed(2));
  }
}

/**
 * A shift's response time with and without 推荐回复 as two table rows (label, value) in `locale`:
 * 使用推荐回复 平均 12.0 秒（8 次）, or —（0 次） for a side no turn was answered on — the training
 * shift dialog's wording (docs/channels.md "Training shift").
 */
export function suggestionRows(split: ResponseBySuggestion, locale: Locale): [string, string][] {
  const value = (s: ResponseSide) =>
    s.avgResponseSeconds === null
      ? translate(locale, 'shift.splitNone')
      : translate(locale, 'shift.splitValue', { time: shown('avgResponseSeconds', s.avgResponseSeconds, locale), count: s.turns });
  return [
    [translate(locale, 'shift.withSuggestion'), value(split.withSuggestion)],
    [translate(locale, 'shift.withoutSuggestion'), value(split.withoutSuggestion)],
  ];
}

/** Columns a string takes in a terminal: CJK and full-width characters take two. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

function table(r: MetricsOfDay, locale: Locale): string {
  return metricsTable(translate(locale, 'metrics.heading', { day: r.day, timezone: r.timezone }), r.metrics, locale);
}

/**
 * The seven figures as `xiaoniu metrics` prints them — `heading`, then one line per figure, label
 * and value aligned, in `locale` (rounded for reading; null as —), then the `extra` rows (label,
 * value) aligned with them. `xiaoniu run` prints a shift's figures with it (docs/channels.md
 * "xiaoniu run").
 */
export function metricsTable(heading: string, metrics: DayMetrics, locale: Locale, extra: readonly (readonly [string, string])[] = []): string {
  const rows = [...METRIC_NAMES.map((k) => [translate(locale, `metrics.names.${k}`), shown(k, metrics[k], locale)] as const), ...extra];
  const col = Math.max(...rows.map(([label]) => width(label))) + 2;
  const lines = [heading];
  for (const [label, value] of rows) lines.push(label + ' '.repeat(col - width(label)) + value);
  return lines.join('\n') + '\n';
}
