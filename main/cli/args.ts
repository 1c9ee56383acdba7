import { parseArgs } from 'node:util';
import { XiaoniuError } from '../shared/errors';
import { parseLocalDate } from '../shared/time-zone';
import type { ExportFormat, PackEncoding, PackFormat } from '../packs/types';
import { CODE_CONFLICT_CHOICES, type CodeConflictChoice } from '../phrases/code-conflicts';
import type { HistoryFormat } from '../chat/history-export';

/**
 * The `xiaoniu` command line's grammar: its areas (`phrases`, `history`, `settings`, `autoreply`), which commands each has,
 * which options each command takes, and the values an option accepts. Everything wrong with a
 * command line becomes a {@link UsageError} whose code is a catalogue key (`errors.cli.*`, or the
 * chat service's own code for the same rule) with the option, value or argument as parameters
 * — Node's `parseArgs` runs in its non-strict mode and only tokenises, because its own errors are
 * English sentences (ERR_PARSE_ARGS_UNKNOWN_OPTION "Unknown option '--x'. To specify a positional
 * argument …") that cannot be translated.
 */

/**
 * A part of the command line with its own commands and usage: `xiaoniu <area> <command>`, or
 * `xiaoniu run [options]` and `xiaoniu metrics [options]`, areas that are one command each.
 */
export type Area = 'phrases' | 'history' | 'settings' | 'metrics' | 'run' | 'autoreply';

/** A command-line mistake: exit code 1 and the usage of `area` (null: the top-level usage). */
export class UsageError extends XiaoniuError {
  constructor(
    code: string,
    params: Record<string, string | number>,
    /** Whose usage to print after the message. */
    readonly area: Area | null,
  ) {
    super(code, params);
  }
}

/** Every option any command takes, as `parseArgs` declares it. */
const OPTIONS = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  format: { type: 'string' },
  encoding: { type: 'string' },
  replace: { type: 'boolean' },
  'on-code-conflict': { type: 'string' },
  group: { type: 'string', multiple: true },
  buyer: { type: 'string', multiple: true },
  from: { type: 'string' },
  to: { type: 'string' },
  limit: { type: 'string' },
  channel: { type: 'string' },
  status: { type: 'string' },
  seed: { type: 'string' },
  buyers: { type: 'string' },
  speed: { type: 'string' },
  peak: { type: 'boolean' },
  day: { type: 'string' },
  transcript: { type: 'string' },
  rules: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

type OptionName = keyof typeof OPTIONS;

/**
 * What a command takes: its operand (a FILE, the words of a QUERY, a setting's KEY, a KEY and its
 * VALUE, or nothing) and its options.
 */
interface CommandSpec {
  operand: 'file' | 'query' | 'key' | 'keyValue' | null;
  options: readonly OptionName[];
}

/** Each area's commands (--help and --version are accepted anywhere). */
const AREAS = {
  phrases: {
    import: { operand: 'file', options: ['format', 'encoding', 'replace', 'on-code-conflict', 'json', 'db'] },
    export: { operand: 'file', options: ['format', 'encoding', 'group', 'json', 'db'] },
    list: { operand: null, options: ['json', 'db'] },
    search: { operand: 'query', options: ['limit', 'json', 'db'] },
  },
  history: {
    import: { operand: 'file', options: ['json', 'db'] },
    export: { operand: 'file', options: ['format', 'buyer', 'from', 'to', 'json', 'db'] },
    search: { operand: 'query', options: ['limit', 'json', 'db'] },
  },
  settings: {
    list: { operand: null, options: ['json', 'db'] },
    get: { operand: 'key', options: ['json', 'db'] },
    set: { operand: 'keyValue', options: ['json', 'db'] },
  },
  autoreply: {
    test: { operand: 'file', options: ['rules', 'json', 'db'] },
    // Two words: `xiaoniu autoreply rules import FILE` (see parseCommandLine).
    'rules import': { operand: 'file', options: ['replace', 'json', 'db'] },
    'rules export': { operand: 'file', options: ['json', 'db'] },
  },
} as const satisfies Record<Exclude<Area, 'run' | 'metrics'>, Record<string, CommandSpec>>;

/** `metrics` is an area that is one command: `xiaoniu metrics [options]`. */
const METRICS_OPTIONS: readonly OptionName[] = ['day', 'transcript', 'json', 'db'];

/** A `phrases` command name. */
export type CommandName = keyof (typeof AREAS)['phrases'];
/** A `history` command name. */
export type HistoryCommandName = keyof (typeof AREAS)['history'];
/** An `autoreply` command name. */
export type AutoreplyCommandName = keyof (typeof AREAS)['autoreply'];
/** A `settings` command name. */
export type SettingsCommandName = keyof (typeof AREAS)['settings'];

/** The options `xiaoniu run` takes (it has no command word). */
const RUN_OPTIONS: readonly OptionName[] = ['channel', 'status', 'seed', 'buyers', 'speed', 'peak', 'json', 'db'];

const isArea = (word: string | undefined): word is Area => word !== undefined && (Object.hasOwn(AREAS, word) || word === 'run' || word === 'metrics');

/** `--channel` values `run` accepts. */
export const RUN_CHANNELS = ['simulator'] as const;
/** `--status` values `run` accepts (the agent's statuses, glossary `status`). */
export const RUN_STATUSES = ['online', 'busy', 'away', 'suspended'] as const;

/** `--format` values `import` accepts (otherwise the bytes decide). */
export const IMPORT_FORMATS: readonly PackFormat[] = ['csv', 'xml', 'xlsx'];
/** `--format` values `export` accepts (otherwise the file's extension decides). */
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'qianniu-csv', 'xml', 'xlsx'];

/** `--format` values `history export` accepts (otherwise the file's extension decides). */
export const HISTORY_EXPORT_FORMATS: readonly HistoryFormat[] = ['json', 'csv', 'txt'];

/**
 * `--encoding` values `import` accepts, with what each reads as: the WHATWG / IANA names and the
 * usual aliases (GBK and GB2312 files are read as GB18030, their superset). Matched ignoring case.
 */
export const IMPORT_ENCODINGS: Readonly<Record<string, PackEncoding>> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  gb18030: 'gb18030',
  gbk: 'gb18030',
  gb2312: 'gb18030',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
};

/**
 * `--encoding` values `export` accepts, for the `csv` format only. No `gbk`: a GB18030 file holds
 * characters (emoji) a GBK reader would mangle, so calling it GBK would be a lie; `qianniu-csv` is
 * the GBK layout, and it refuses what GBK cannot hold.
 */
export const EXPORT_ENCODINGS: Readonly<Record<string, 'utf8' | 'gb18030'>> = { utf8: 'utf8', 'utf-8': 'utf8', gb18030: 'gb18030' };

/** What every command line that runs a command carries. */
interface RunCommon {
  kind: 'run';
  /** The FILE of import/export; the QUERY of search (its words joined by spaces). */
  operand: string;
  json: boolean;
  db: string | undefined;
  /** `--limit` (search), a positive whole number. */
  limit: number | undefined;
}

/** A `phrases` command to run. */
export interface PhrasesRun extends RunCommon {
  area: 'phrases';
  command: CommandName;
  format: string | undefined;
  encoding: string | undefined;
  replace: boolean;
  onCodeConflict: string | undefined;
  groups: string[];
}

/** A `history` command to run; its values are checked (see {@link parseCommandLine}). */
export interface HistoryRun extends RunCommon {
  area: 'history';
  command: HistoryCommandName;
  /** `export`'s format: `--format`, else the file's extension (`json` for the other commands). */
  format: HistoryFormat;
  /** `--buyer`, repeated: only these buyers' history (empty: everyone's). */
  buyers: string[];
  /** `--from` / `--to`: real `YYYY-MM-DD` days, `from` not after `to`. */
  from: string | undefined;
  to: string | undefined;
}

/** `xiaoniu run`: the main process without a window (docs/channels.md "xiaoniu run"); values checked. */
export interface HeadlessRun {
  kind: 'run';
  area: 'run';
  db: string | undefined;
  channel: (typeof RUN_CHANNELS)[number];
  /** `--status`: recorded as the agent's status at start. */
  status: (typeof RUN_STATUSES)[number] | undefined;
  /** `--seed`: a whole number (default 1). */
  seed: number;
  /** `--buyers`: a positive whole number (default: one per script). */
  buyers: number | undefined;
  /** `--speed`: a positive number, script time ÷ real time (default 1). */
  speed: number;
  /** `--peak`: every buyer at once. */
  peak: boolean;
  /** `--json`: the shift's figures as JSON on stdout (docs/channels.md "xiaoniu run"). */
  json: boolean;
}

/** A `settings` command to run: `key` for get and set, `value` (as typed) for set. */
export interface SettingsRun extends RunCommon {
  area: 'settings';
  command: SettingsCommandName;
  key: string | undefined;
  value: string | undefined;
}

/** An `autoreply` command to run: `test TRANSCRIPT [--rules FILE]` (docs/autoreply.md "The rule tester"). */
export interface AutoreplyRun extends RunCommon {
  area: 'autoreply';
  command: AutoreplyCommandName;
  /** `--rules FILE`: the rules to test instead of the database's. */
  rules: string | undefined;
  /** `rules import --replace`: the file's rules replace the stored ones. */
  replace: boolean;
}

/** `xiaoniu metrics`; its values are checked (see {@link parseCommandLine}). */
export interface MetricsRun extends RunCommon {
  area: 'metrics';
  /** `--day`: a real `YYYY-MM-DD`, or undefined for the default day. */
  day: string | undefined;
  /** `--transcript FILE`: measure that file instead of the store (never with `--db`). */
  transcript: string | undefined;
}

/** A command line understood. */
export type Parsed =
  | { kind: 'help'; area: Area | null }
  | { kind: 'version' }
  /** No command: print the area's usage and exit 1. */
  | { kind: 'usage'; area: Area | null; json: boolean }
  | PhrasesRun
  | HistoryRun
  | HeadlessRun
  | SettingsRun
  | MetricsRun
  | AutoreplyRun;

/**
 * Parses `argv` (without node and the script). Throws {@link UsageError} with one of:
 * `cli.unknownOption` {option}, `cli.missingValue` {option}, `cli.unexpectedValue` {option, value},
 * `cli.repeatedOption` {option}, `cli.unknownCommand` {command}, `cli.optionNotForCommand`
 * {option, command}, `cli.missingFile` {command}, `cli.missingQuery`, `cli.missingKey` {command},
 * `cli.missingSettingValue` {key}, `cli.extraSettingWord` {argument}, `cli.extraArgument`
 * {argument}, `cli.badLimit` {value}; for `history export` also `cli.badFormat` {value, accepted},
 * `cli.unknownExtension` {ext, accepted}, `history.badDate` {value} and `history.badRange` {from,
 * to} (the chat service's own codes for the same rules); for `metrics` `metrics.badDay` {value} and
 * `metrics.transcriptWithDb`. The `phrases` area's `--format` and
 * `--encoding` are checked by the command ({@link importFormat} …), since what they accept depends
 * on it.
 */
export function parseCommandLine(argv: string[]): Parsed {
  const { tokens } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: false, tokens: true });
  const positionals: string[] = [];
  const seen = new Set<OptionName>();
  const values: { [K in OptionName]?: string[] } = {};
  let json = false;
  // The area is known once the first positional is read; errors before it use the top-level usage.
  const areaOf = (): Area | null => (isArea(positionals[0]) ? positionals[0] : null);
  for (const t of tokens) {
    if (t.kind === 'positional') {
      positionals.push(t.value);
      continue;
    }
    if (t.kind !== 'option') continue;
    if (!(t.name in OPTIONS)) throw new UsageError('cli.unknownOption', { option: t.rawName }, areaOf());
    const name = t.name as OptionName;
    const spec = OPTIONS[name];
    const shown = `--${name}`;
    if (spec.type === 'boolean') {
      if (t.value !== undefined) throw new UsageError('cli.unexpectedValue', { option: shown, value: t.value }, areaOf());
      if (name === 'json') json = true;
    } else if (t.value === undefined || (!t.inlineValue && t.value.startsWith('-') && t.value.length > 1)) {
      // `--encoding --json`: parseArgs took the next option as the value; Node's strict mode calls
      // this ambiguous. A value that really starts with a dash can be written `--group=-x`.
      throw new UsageError('cli.missingValue', { option: shown }, areaOf());
    }
    // A second value would silently replace the first; a repeated switch (--json --json) is harmless.
    if (seen.has(name) && spec.type === 'string' && !('multiple' in spec)) throw new UsageError('cli.repeatedOption', { option: shown }, areaOf());
    seen.add(name);
    (values[name] ??= []).push(t.value ?? '');
  }

  if (seen.has('version')) return { kind: 'version' };
  const [area, firstWord, ...words] = positionals;
  // `autoreply rules import|export FILE`: the command is two words.
  const twoWords = area === 'autoreply' && firstWord === 'rules';
  if (twoWords && words.length === 0 && !seen.has('help')) return { kind: 'usage', area, json };
  const command = twoWords ? `rules ${words[0]}` : firstWord;
  const operands = twoWords ? words.slice(1) : words;
  if (area !== undefined && !isArea(area)) throw new UsageError('cli.unknownCommand', { command: area }, null);
  if (seen.has('help')) return { kind: 'help', area: area ?? null };
  if (area === 'run') return headlessRun([command, ...operands].filter((w): w is string => w !== undefined), seen, values);
  if (area === 'metrics') return parseMetrics(positionals.slice(1), seen, values, json);
  if (area === undefined || command === undefined) return { kind: 'usage', area: area ?? null, json };
  const commands: Record<string, CommandSpec> = AREAS[area];
  if (!Object.hasOwn(commands, command)) throw new UsageError('cli.unknownCommand', { command: `${area} ${command}` }, area);
  const spec = commands[command]!;
  for (const option of seen.keys()) {
    if (!spec.options.includes(option)) throw new UsageError('cli.optionNotForCommand', { option: `--${option}`, command }, area);
  }
  let operand = '';
  if (spec.operand === 'file') {
    if (operands.length === 0) throw new UsageError('cli.missingFile', { command }, area);
    if (operands.length > 1) throw new UsageError('cli.extraArgument', { argument: operands[1]! }, area);
    operand = operands[0]!;
  } else if (spec.operand === 'query') {
    // `search 发货 退款` means both words, as in the panel's search box.
    operand = operands.join(' ');
    if (operand.trim() === '') throw new UsageError('cli.missingQuery', {}, area);
  } else if (spec.operand === 'key' || spec.operand === 'keyValue') {
    // One VALUE word: `set shopName 小牛 旗舰店` is a mistake; quote a value with spaces.
    const words = spec.operand === 'key' ? 1 : 2;
    if (operands.length === 0) throw new UsageError('cli.missingKey', { command }, area);
    if (operands.length < words) throw new UsageError('cli.missingSettingValue', { key: operands[0]! }, area);
    if (operands.length > words) throw new UsageError('cli.extraSettingWord', { argument: operands[words]! }, area);
  } else if (operands.length > 0) {
    throw new UsageError('cli.extraArgument', { argument: operands[0]! }, area);
  }
  const limitText = values.limit?.[0];
  let limit: number | undefined;
  if (limitText !== undefined) {
    limit = /^\d+$/.test(limitText) ? Number(limitText) : NaN;
    if (!Number.isSafeInteger(limit) || limit < 1) throw new UsageError('cli.badLimit', { value: limitText }, area);
  }
  const common = { kind: 'run', operand, json, db: values.db?.[0], limit } as const;
  if (area === 'settings') return { ...common, area, command: command as SettingsCommandName, key: operands[0], value: operands[1] };
  if (area === 'autoreply') return { ...common, area, command: command as AutoreplyCommandName, rules: values.rules?.[0], replace: seen.has('replace') };
  if (area === 'history') {
    const from = historyDay(values.from?.[0]);
    const to = historyDay(values.to?.[0]);
    if (from !== undefined && to !== undefined && from > to) throw new UsageError('history.badRange', { from, to }, 'history');
    return {
      ...common,
      area,
      command: command as HistoryCommandName,
      format: command === 'export' ? historyExportFormat(values.format?.[0], operand) : 'json',
      buyers: values.buyer ?? [],
      from,
      to,
    };
  }
  return {
    ...common,
    area,
    command: command as CommandName,
    format: values.format?.[0],
    encoding: values.encoding?.[0],
    replace: seen.has('replace'),
    onCodeConflict: values['on-code-conflict']?.[0],
    groups: values.group ?? [],
  };
}

/**
 * `xiaoniu run`'s options, checked: `cli.extraArgument` {argument}, `cli.optionNotForCommand`
 * {option, command}, `run.badChannel` / `run.badStatus` {value, accepted}, `run.badSeed`,
 * `run.badBuyers`, `run.badSpeed` {value}.
 */
function headlessRun(words: string[], seen: Set<OptionName>, values: { [K in OptionName]?: string[] }): HeadlessRun {
  if (words.length) throw new UsageError('cli.extraArgument', { argument: words[0]! }, 'run');
  for (const option of seen.keys()) {
    if (!RUN_OPTIONS.includes(option)) throw new UsageError('cli.optionNotForCommand', { option: `--${option}`, command: 'run' }, 'run');
  }
  const channel = (values.channel?.[0] ?? 'simulator').toLowerCase();
  if (!(RUN_CHANNELS as readonly string[]).includes(channel)) refuse('run.badChannel', values.channel![0]!, RUN_CHANNELS, 'run');
  const statusText = values.status?.[0];
  const status = statusText?.toLowerCase();
  if (status !== undefined && !(RUN_STATUSES as readonly string[]).includes(status)) refuse('run.badStatus', statusText!, RUN_STATUSES, 'run');
  const seedText = values.seed?.[0];
  const seed = seedText === undefined ? 1 : /^-?\d{1,9}$/.test(seedText) ? Number(seedText) : NaN;
  if (!Number.isSafeInteger(seed)) throw new UsageError('run.badSeed', { value: seedText! }, 'run');
  const buyersText = values.buyers?.[0];
  const buyers = buyersText === undefined ? undefined : /^\d{1,5}$/.test(buyersText) ? Number(buyersText) : NaN;
  if (buyers !== undefined && !(buyers >= 1 && buyers <= 10_000)) throw new UsageError('run.badBuyers', { value: buyersText! }, 'run');
  const speedText = values.speed?.[0];
  const speed = speedText === undefined ? 1 : /^\d+(\.\d+)?$/.test(speedText) ? Number(speedText) : NaN;
  if (!(speed > 0 && speed <= 1_000_000)) throw new UsageError('run.badSpeed', { value: speedText! }, 'run');
  return {
    kind: 'run',
    area: 'run',
    db: values.db?.[0],
    channel: channel as HeadlessRun['channel'],
    status: status as HeadlessRun['status'],
    seed,
    buyers,
    speed,
    peak: seen.has('peak'),
    json: seen.has('json'),
  };
}

/** The rest of a `metrics` command line: no operand; `--day`, `--transcript`, `--json`, `--db`. */
function parseMetrics(operands: string[], seen: Set<OptionName>, values: { [K in OptionName]?: string[] }, json: boolean): MetricsRun {
  if (operands.length > 0) throw new UsageError('cli.extraArgument', { argument: operands[0]! }, 'metrics');
  for (const option of seen.keys()) {
    if (!METRICS_OPTIONS.includes(option)) throw new UsageError('cli.optionNotForCommand', { option: `--${option}`, command: 'metrics' }, 'metrics');
  }
  const day = values.day?.[0];
  if (day !== undefined && !parseLocalDate(day)) throw new UsageError('metrics.badDay', { value: day }, 'metrics');
  const transcript = values.transcript?.[0];
  const db = values.db?.[0];
  // Silently ignoring --db would let a script believe it measured that database.
  if (transcript !== undefined && db !== undefined) throw new UsageError('metrics.transcriptWithDb', {}, 'metrics');
  return { kind: 'run', area: 'metrics', operand: '', json, db, limit: undefined, day, transcript };
}

/** `--from` / `--to` of `history export`: a real `YYYY-MM-DD`, or `history.badDate` {value}. */
function historyDay(value: string | undefined): string | undefined {
  if (value !== undefined && !parseLocalDate(value)) throw new UsageError('history.badDate', { value }, 'history');
  return value;
}

/** The extension of `file`'s last path segment, lower-cased with its dot (`.csv`), or `''`. */
function extensionOf(file: string): string {
  const dot = file.lastIndexOf('.');
  return dot > file.lastIndexOf('/') && dot > file.lastIndexOf('\\') ? file.slice(dot).toLowerCase() : '';
}

/**
 * `history export`'s format: `--format` (json, csv, txt), else the file's extension — `.json` or
 * none → json, `.csv`, `.txt`. Throws `cli.badFormat` {value, accepted}, or `cli.unknownExtension`
 * {ext, accepted} for any other extension: a transcript under a `.xlsx` or `.doc` name would not
 * open in the program its name promises.
 */
function historyExportFormat(value: string | undefined, file: string): HistoryFormat {
  if (value !== undefined) {
    const v = value.toLowerCase() as HistoryFormat;
    if (!HISTORY_EXPORT_FORMATS.includes(v)) refuse('cli.badFormat', value, HISTORY_EXPORT_FORMATS, 'history');
    return v;
  }
  const ext = extensionOf(file);
  if (ext === '' || ext === '.json') return 'json';
  if (ext === '.csv') return 'csv';
  if (ext === '.txt') return 'txt';
  throw new UsageError('cli.unknownExtension', { ext, accepted: HISTORY_EXPORT_EXTENSIONS.join('|') }, 'history');
}

/** The extensions `history export` reads a format from, as `cli.unknownExtension` lists them. */
const HISTORY_EXPORT_EXTENSIONS = ['.json', '.csv', '.txt'] as const;
/** The extensions `phrases export` reads a format from (`.txt` is written as csv). */
const PHRASES_EXPORT_EXTENSIONS = ['.csv', '.txt', '.xml', '.xlsx'] as const;

/**
 * Throws `code` {value, accepted}: `accepted` lists the values in order joined by `|` (as the
 * usage writes them); the CLI re-joins them with the reader's list separator when it translates.
 */
function refuse(code: string, value: string, accepted: readonly string[], area: Area = 'phrases'): never {
  throw new UsageError(code, { value, accepted: accepted.join('|') }, area);
}

/** Import's `--format`, or undefined to sniff. Throws `cli.badFormat` {value, accepted}. */
export function importFormat(value: string | undefined): PackFormat | undefined {
  if (value === undefined) return undefined;
  const v = value.toLowerCase() as PackFormat;
  if (!IMPORT_FORMATS.includes(v)) refuse('cli.badFormat', value, IMPORT_FORMATS);
  return v;
}

/** Import's `--on-code-conflict` (default `keep`). Throws `cli.badCodeConflict` {value, accepted}. */
export function importCodeConflict(value: string | undefined): CodeConflictChoice {
  if (value === undefined) return 'keep';
  const v = value.toLowerCase() as CodeConflictChoice;
  if (!CODE_CONFLICT_CHOICES.includes(v)) refuse('cli.badCodeConflict', value, CODE_CONFLICT_CHOICES);
  return v;
}

/** Import's `--encoding`, or undefined to detect. Throws `cli.badEncoding` {value, accepted}. */
export function importEncoding(value: string | undefined): PackEncoding | undefined {
  if (value === undefined) return undefined;
  const v = value.toLowerCase();
  if (!Object.hasOwn(IMPORT_ENCODINGS, v)) refuse('cli.badEncoding', value, Object.keys(IMPORT_ENCODINGS));
  return IMPORT_ENCODINGS[v];
}

/**
 * Export's format: `--format`, else the file's extension (`.csv`/`.txt`/none → csv, `.xml`,
 * `.xlsx`). Throws `cli.badFormat` {value, accepted}, or `cli.unknownExtension` {ext, accepted} — CSV bytes
 * under a `.json` or `.xls` name would confuse whoever opens the file.
 */
export function exportFormat(value: string | undefined, file: string): ExportFormat {
  if (value !== undefined) {
    const v = value.toLowerCase() as ExportFormat;
    if (!EXPORT_FORMATS.includes(v)) refuse('cli.badFormat', value, EXPORT_FORMATS);
    return v;
  }
  const ext = extensionOf(file);
  if (ext === '.xml') return 'xml';
  if (ext === '.xlsx') return 'xlsx';
  if (ext === '.csv' || ext === '.txt' || ext === '') return 'csv';
  throw new UsageError('cli.unknownExtension', { ext, accepted: PHRASES_EXPORT_EXTENSIONS.join('|') }, 'phrases');
}

/**
 * Export's `--encoding` for `format`, or undefined (UTF-8 with BOM). Throws `cli.badEncoding`
 * {value, accepted}, or `cli.encodingNotForFormat` {format} for a format whose encoding is fixed
 * (XML and xlsx are UTF-8, Qianniu's layout GBK).
 */
export function exportEncoding(value: string | undefined, format: ExportFormat): 'utf8' | 'gb18030' | undefined {
  if (value === undefined) return undefined;
  const v = value.toLowerCase();
  if (!Object.hasOwn(EXPORT_ENCODINGS, v)) refuse('cli.badEncoding', value, Object.keys(EXPORT_ENCODINGS));
  if (format !== 'csv') throw new UsageError('cli.encodingNotForFormat', { format }, 'phrases');
  return EXPORT_ENCODINGS[v];
}
