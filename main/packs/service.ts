import type { PhraseService } from '../phrases/service';
import { boundParams, clipQuoted, QUOTE_MAX } from '../shared/quote';
import type { ImportSummary } from '../phrases/types';
import { readPack } from './read';
import type { ExportFormat, PackEncoding, PackFormat, PackProblem, PackRow, ParsedPack, ReadOptions } from './types';
import { writePack } from './write';

/**
 * What the import dialog shows before the agent confirms (issue 6 §5): what the reader learned
 * (format, encoding, delimiter, header, column mapping, ignored columns) plus a sample and counts.
 */
export interface PackPreview extends Omit<ParsedPack, 'rows' | 'problems' | 'wangwangEscapes'> {
  /** The first rows as read (at most {@link PREVIEW_ROWS}). */
  sample: PackRow[];
  /** Rows read, and what importing them now (merge mode) would do. */
  counts: { rows: number; new: number; duplicates: number; problems: number };
  /** The first problems (at most {@link PREVIEW_PROBLEMS}), in line order. */
  problems: PackProblem[];
}

/** The outcome of an import: the CLI's `--json` document, less the translated reasons. */
export interface ImportResult extends ImportSummary {
  format: PackFormat;
  encoding: PackEncoding;
  ignoredColumns: string[];
}

/** An exported pack: the file's bytes and a suggested file name. */
export interface ExportResult {
  bytes: Uint8Array;
  fileName: string;
  /** Phrases written. */
  count: number;
}

/** Rows shown in the preview. */
export const PREVIEW_ROWS = 20;
/**
 * Longest content a preview row carries, in code points: two lines of the sample table and then
 * some. A group or code is cut at `QUOTE_MAX` (40) — longer ones are not valid anyway.
 */
export const PREVIEW_CONTENT_MAX = 200;
/** Problems listed in the preview (all are counted). */
export const PREVIEW_PROBLEMS = 200;

/** Hooks for a long import: progress callbacks and a cancel flag polled between chunks. */
export interface ImportHooks {
  onProgress?: (phase: 'read' | 'write', done: number, total: number) => void;
  isCancelled?: () => boolean;
}

/**
 * Problems as reported: each one's quoted values cut to a quotable length (a 50 MB cell must not
 * come back whole in the dialog or the CLI's JSON). Cheap: most problems have no string params.
 */
function boundProblems(problems: readonly PackProblem[]): PackProblem[] {
  return problems.map((p) => (p.params ? { ...p, params: boundParams(p.params) } : p));
}

/** A preview row with its cells cut to what the sample table shows. */
function previewRow(r: PackRow): PackRow {
  return { line: r.line, group: clipQuoted(r.group, QUOTE_MAX), code: clipQuoted(r.code, QUOTE_MAX), content: clipQuoted(r.content, PREVIEW_CONTENT_MAX) };
}

/** The phrase-pack feature; see {@link createPackService}. */
export type PackService = ReturnType<typeof createPackService>;

/**
 * Phrase packs over the phrases service (packs never touch phrase tables themselves). Reading
 * throws the readers' file-level `XiaoniuError`s (`pack.*`); importing adds `pack.cancelled` and
 * `pack.nothingToImport`; exporting `pack.unencodable` and `group.notFound`.
 */
export function createPackService(phrases: PhraseService) {
  return {
    /**
     * Reads the file and counts what importing it would do (merging, or replacing the list when
     * `replace`), changing nothing and taking no write lock.
     */
    async preview(bytes: Uint8Array, options: ReadOptions & { replace?: boolean } = {}): Promise<PackPreview> {
      const parsed = await readPack(bytes, options);
      const dry = phrases.importRows(parsed.rows, { dryRun: true, replace: options.replace ?? false }, parsed.problems);
      return {
        format: parsed.format,
        encoding: parsed.encoding,
        ...(parsed.delimiter ? { delimiter: parsed.delimiter } : {}),
        headerRecognised: parsed.headerRecognised,
        header: parsed.header.map((c) => clipQuoted(c)),
        mapping: parsed.mapping,
        ignoredColumns: parsed.ignoredColumns.map((c) => clipQuoted(c)),
        sample: parsed.rows.slice(0, PREVIEW_ROWS).map(previewRow),
        counts: { rows: parsed.rows.length, new: dry.imported, duplicates: dry.duplicates, problems: dry.problems.length },
        problems: boundProblems(dry.problems.slice(0, PREVIEW_PROBLEMS)),
      };
    },

    /** Reads and imports a pack as one transaction (see `PhraseService.importRows`). */
    async importPack(bytes: Uint8Array, options: ReadOptions & { replace?: boolean } = {}, hooks: ImportHooks = {}): Promise<ImportResult> {
      hooks.onProgress?.('read', 0, bytes.byteLength);
      const parsed = await readPack(bytes, options);
      hooks.onProgress?.('read', bytes.byteLength, bytes.byteLength);
      const summary = phrases.importRows(
        parsed.rows,
        {
          replace: options.replace ?? false,
          ...(hooks.isCancelled ? { isCancelled: hooks.isCancelled } : {}),
          onProgress: (done, total) => hooks.onProgress?.('write', done, total),
        },
        parsed.problems,
      );
      return {
        ...summary,
        problems: boundProblems(summary.problems),
        format: parsed.format,
        encoding: parsed.encoding,
        ignoredColumns: parsed.ignoredColumns.map((c) => clipQuoted(c)),
      };
    },

    /** Writes the chosen groups (all when empty) in the chosen layout. */
    async exportPack(format: ExportFormat, encoding: 'utf8' | 'gb18030' | undefined, groupIds: readonly number[]): Promise<ExportResult> {
      const list = phrases.phrasesForExport(groupIds);
      const bytes = await writePack(list, format, encoding ? { encoding } : {});
      const ext = format === 'xml' ? 'xml' : format === 'xlsx' ? 'xlsx' : 'csv';
      const stem = format === 'qianniu-csv' ? '快捷短语-千牛' : '快捷短语';
      return { bytes, fileName: `${stem}.${ext}`, count: list.length };
    },
  };
}
