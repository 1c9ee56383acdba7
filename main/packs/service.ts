import type { CodeConflictChoice } from '../phrases/code-conflicts';
import type { ImportMode, PhraseService } from '../phrases/service';
import { boundParams, clipQuoted, QUOTE_MAX } from '../shared/quote';
import type { ImportSummary } from '../phrases/types';
import { readPack } from './read';
import type { ExportFormat, PackEncoding, PackFormat, PackProblem, PackRow, ParsedPack, ReadOptions } from './types';
import { writePack } from './write';
import { streamCsv } from './csv';

/**
 * What one way of importing would do, counted before anything is written (a dry run of that very
 * import, so the figures are what the import then reports).
 */
export interface PreviewOutcome {
  counts: {
    /** Rows read from the file. */
    rows: number;
    /** New phrases. */
    new: number;
    /** Existing phrases updated in place (only `update`). */
    updated: number;
    duplicates: number;
    problems: number;
    /** Rows imported without their code because a phrase of the list holds it (`keep`). */
    codesKept: number;
    /** Rows that did not update the phrase holding their code: it would duplicate another (`update`). */
    notUpdated: number;
  };
  /** The first problems (at most {@link PREVIEW_PROBLEMS}), in line order. */
  problems: PackProblem[];
}

/**
 * What the import dialog shows before the agent confirms: what the reader learned (format,
 * encoding, delimiter, header, column mapping, ignored columns), a sample, and what importing would
 * do — `counts`/`problems` for the options asked, and `outcomes` for every way the dialog offers,
 * so switching between them needs no second read of the file.
 */
export interface PackPreview extends Omit<ParsedPack, 'rows' | 'problems' | 'wangwangEscapes'>, PreviewOutcome {
  /** The first rows as read (at most {@link PREVIEW_ROWS}). */
  sample: PackRow[];
  /** `keep` and `update`: merging with that `onCodeConflict`; `replace`: 清空 first. */
  outcomes: Record<ImportMode, PreviewOutcome>;
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

/** How to import: 清空 first (`replace`), and what to do with codes the list holds (default `keep`). */
export interface ImportOptions {
  replace?: boolean;
  onCodeConflict?: CodeConflictChoice;
}

/** The preview's figures for one dry run's summary. */
function outcomeOf(rows: number, summary: ImportSummary): PreviewOutcome {
  let codesKept = 0;
  let notUpdated = 0;
  for (const p of summary.problems) {
    if (p.code === 'pack.codeTakenDropped') codesKept++;
    else if (p.code === 'pack.codeNotUpdated') notUpdated++;
  }
  return {
    counts: {
      rows,
      new: summary.imported,
      updated: summary.updated,
      duplicates: summary.duplicates,
      problems: summary.problems.length,
      codesKept,
      notUpdated,
    },
    problems: boundProblems(summary.problems.slice(0, PREVIEW_PROBLEMS)),
  };
}

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

/**
 * What an import reports: the store's summary with its quoted cells cut, and what the reader
 * learned. One place for `importPack` and the streamed import (`streamed-import.ts`).
 */
export function importResultOf(summary: ImportSummary, parsed: Pick<ParsedPack, 'format' | 'encoding' | 'ignoredColumns'>): ImportResult {
  return {
    ...summary,
    problems: boundProblems(summary.problems),
    format: parsed.format,
    encoding: parsed.encoding,
    ignoredColumns: parsed.ignoredColumns.map((c) => clipQuoted(c)),
  };
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
     * Reads the file and counts what importing it would do in every mode (see
     * {@link PackPreview}), changing nothing and taking no write lock; the top-level `counts` and
     * `problems` are those of `options` (merge with `keep` by default).
     */
    async preview(bytes: Uint8Array, options: ReadOptions & ImportOptions = {}): Promise<PackPreview> {
      const parsed = await readPack(bytes, options);
      const n = parsed.rows.length;
      const counted = phrases.countImport(parsed.rows, parsed.problems);
      const outcomes: Record<ImportMode, PreviewOutcome> = {
        keep: outcomeOf(n, counted.keep),
        update: outcomeOf(n, counted.update),
        replace: outcomeOf(n, counted.replace),
      };
      return {
        format: parsed.format,
        encoding: parsed.encoding,
        ...(parsed.delimiter ? { delimiter: parsed.delimiter } : {}),
        headerRecognised: parsed.headerRecognised,
        header: parsed.header.map((c) => clipQuoted(c)),
        mapping: parsed.mapping,
        ignoredColumns: parsed.ignoredColumns.map((c) => clipQuoted(c)),
        sample: parsed.rows.slice(0, PREVIEW_ROWS).map(previewRow),
        ...outcomes[options.replace ? 'replace' : (options.onCodeConflict ?? 'keep')],
        outcomes,
      };
    },

    /** Reads and imports a pack as one transaction (see `PhraseService.importRows`). */
    async importPack(bytes: Uint8Array, options: ReadOptions & ImportOptions = {}, hooks: ImportHooks = {}): Promise<ImportResult> {
      hooks.onProgress?.('read', 0, bytes.byteLength);
      const parsed = await readPack(bytes, options);
      hooks.onProgress?.('read', bytes.byteLength, bytes.byteLength);
      const summary = phrases.importRows(
        parsed.rows,
        {
          replace: options.replace ?? false,
          onCodeConflict: options.onCodeConflict ?? 'keep',
          ...(hooks.isCancelled ? { isCancelled: hooks.isCancelled } : {}),
          onProgress: (done, total) => hooks.onProgress?.('write', done, total),
        },
        parsed.problems,
      );
      return importResultOf(summary, parsed);
    },

    /** Writes the chosen groups (all when empty) in the chosen layout. */
    async exportPack(format: ExportFormat, encoding: 'utf8' | 'gb18030' | undefined, groupIds: readonly number[]): Promise<ExportResult> {
      const list = phrases.phrasesForExport(groupIds);
      const bytes = await writePack(list, format, encoding ? { encoding } : {});
      const ext = format === 'xml' ? 'xml' : format === 'xlsx' ? 'xlsx' : 'csv';
      const stem = format === 'qianniu-csv' ? '快捷短语-千牛' : '快捷短语';
      return { bytes, fileName: `${stem}.${ext}`, count: list.content.length };
    },

    /**
     * Our CSV layout of the chosen groups (all when empty), handed to `write` in chunks as the
     * phrases are read — what `exportPack('csv', …)` returns whole, for a caller writing a file
     * (the CLI): one group's rows and half a megabyte of text held at a time. Returns the number of
     * phrases written; throws `group.notFound` before writing anything, and whatever `write` throws.
     */
    exportCsvTo(encoding: 'utf8' | 'gb18030' | undefined, groupIds: readonly number[], write: (bytes: Uint8Array) => void): number {
      return streamCsv(phrases.phraseBlocksForExport(groupIds), write, encoding ? { encoding } : {});
    },
  };
}
