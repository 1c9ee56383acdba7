import fs from 'node:fs';
import path from 'node:path';
import { asXiaoniuError, type XiaoniuError } from '../shared/errors';
import { cliLocale, translate, type Locale } from '../i18n';
import { EXPORT_ENCODINGS, EXPORT_FORMATS, HISTORY_EXPORT_FORMATS, IMPORT_ENCODINGS, IMPORT_FORMATS, RUN_CHANNELS, RUN_STATUSES, UsageError, parseCommandLine, type Area } from './args';
import { stdio, type Io } from './io';
import { FONT_SIZE, MAX_CONCURRENT, MAX_NICKNAME, MAX_SHOP_NAME, MAX_SIGNATURE } from '../settings/limits';

export type { Io } from './io';

/**
 * `xiaoniu` — the command line over the same services as the app: `phrases` (phrases.ts),
 * `history` (history.ts), `settings` (settings.ts), `metrics` (metrics.ts), `autoreply`
 * (autoreply.ts: the rule tester) and `run` (run.ts: the app
 * without a window), one grammar (args.ts) and one way of answering. With `--json`, stdout
 * holds exactly one JSON document; progress and logs go to stderr. Every sentence it prints comes
 * from the catalogue (main/i18n) in ONE language: Chinese, or English under `XIAONIU_LANG=en` / an
 * English `LANG`.
 *
 * Exit codes: 0 done; 1 usage error; 2 refused input or a rule broken (the file, the query, the
 * export target, a database from a newer version) — nothing was changed; 4 internal error.
 * (3, Node too old or not built, comes from bin/check-node.js.)
 */

/** The usage text of `area` (null: the top level, listing the areas) in `locale`. */
export function usage(locale: Locale, area: Area | null): string {
  if (area === null) return translate(locale, 'cli.usageMain');
  if (area === 'history') return translate(locale, 'cli.usageHistory', { formats: HISTORY_EXPORT_FORMATS.join('|') });
  if (area === 'run') return translate(locale, 'run.usage', { channels: RUN_CHANNELS.join('|'), statuses: RUN_STATUSES.join('|') });
  if (area === 'settings') {
    return translate(locale, 'cli.usageSettings', {
      nickname: MAX_NICKNAME,
      shop: MAX_SHOP_NAME,
      signature: MAX_SIGNATURE,
      fontMin: FONT_SIZE.min,
      fontMax: FONT_SIZE.max,
      concurrentMin: MAX_CONCURRENT.min,
      concurrentMax: MAX_CONCURRENT.max,
    });
  }
  if (area === 'metrics') return translate(locale, 'cli.usageMetrics');
  if (area === 'autoreply') return translate(locale, 'cli.usageAutoreply');
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
  const locale = cliLocale();
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
      if (cmd.json) io.out(JSON.stringify({ error: translate(locale, 'errors.cli.missingCommand') }) + '\n');
      else io.err(usage(locale, cmd.area) + '\n');
      return 1;
    }
    if (cmd.area === 'run') return await (await import('./run')).runHeadless(cmd, io, locale);
    json = cmd.json;
    // Each area's modules load only when it runs: the CLI starts for one command, and compiling
    // the chat feature (its schema library, its JSON stream parser) cost every phrase import and
    // export tens of ms (the bench times them end to end).
    if (cmd.area === 'settings') return await (await import('./settings')).runSettings(cmd, io, locale);
    if (cmd.area === 'metrics') return await (await import('./metrics')).runMetrics(cmd, io, locale);
    if (cmd.area === 'autoreply') return await (await import('./autoreply')).runAutoreply(cmd, io, locale);
    return cmd.area === 'history'
      ? await (await import('./history')).runHistory(cmd, io, locale)
      : await (await import('./phrases')).runPhrases(cmd, io, locale);
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

/**
 * The one way every area answers a failure: a usage error is its message and the area's usage
 * (exit 1); a refusal (`XiaoniuError`) its message (exit 2); anything else the internal-error
 * sentence and the stack for whoever fixes it (exit 4). With `--json`, stdout holds exactly
 * `{"error": sentence}` and stderr the catalogue key and its values, for scripts.
 */
function fail(e: unknown, json: boolean, locale: Locale, io: Io): number {
  const known = asXiaoniuError(e);
  if (known) {
    const text = message(known, locale);
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
  const text = translate(locale, 'errors.internal');
  if (json) io.out(JSON.stringify({ error: text }) + '\n');
  io.err(`${text}\n${(e as Error)?.stack ?? String(e)}\n`);
  return 4;
}
