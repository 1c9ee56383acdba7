import type { ExportBlock, ExportColumns } from '../phrases/types';

/**
 * Shapes shared by the phrase-pack readers and writers (docs/packs.md).
 */

/** Largest pack accepted (contract and CLI): 64 MB — a 100,000-phrase pack is about 16 MB. */
export const MAX_PACK_BYTES = 64 * 1024 * 1024;

/** A file format a pack can be read from or written to. */
export type PackFormat = 'csv' | 'xml' | 'xlsx';
/** Export layouts: our CSV, Qianniu's own CSV, XML, Excel. */
export type ExportFormat = 'csv' | 'qianniu-csv' | 'xml' | 'xlsx';
/** Text encodings a pack may be read in (names as the CLI's JSON prints them). */
export type PackEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';
/** CSV delimiters tried, in this order. */
export type CsvDelimiter = ',' | '\t' | ';';

/**
 * One phrase as a file holds it, before the store's rules (group defaulting, code validity and
 * uniqueness, duplicates) are applied by the phrases service.
 */
export interface PackRow {
  /** Physical line where the record starts (CSV, XML; 1-based), or the sheet row (xlsx). */
  line: number;
  /** Group cell as read (may be empty or 未分组; the service maps those to 默认分组). */
  group: string;
  /** Shortcut-code cell as read; empty string when absent. */
  code: string;
  /** Content cell as read, line breaks already LF. */
  content: string;
}

/**
 * A row the reader or the importer skipped or changed, with the place and a catalogue key
 * (`errors.<code>`) plus its parameters; `reason` is filled in the user's language at the edge.
 */
export interface PackProblem {
  line: number;
  code: string;
  params?: Record<string, string | number>;
}

/** Which column (0-based; XML: which entry of `header`) holds what; -1 when the file has no such column. */
export interface ColumnMapping {
  group: number;
  code: number;
  content: number;
  /** 二级分类 when present: the group becomes `一级分类/二级分类`. */
  subgroup: number;
}

/** Everything a reader learned from a file: what the preview shows and what the import takes. */
export interface ParsedPack {
  format: PackFormat;
  /** The text encoding used (xlsx: always utf-8). */
  encoding: PackEncoding;
  /** CSV only. */
  delimiter?: CsvDelimiter;
  /** True when a header row named the columns; false when they were inferred from the count. */
  headerRecognised: boolean;
  /**
   * The header cells as read (empty without a recognised header). XML has no columns: there it
   * names the element or attribute each field is read from (`xml.ts` XML_SOURCES).
   */
  header: string[];
  mapping: ColumnMapping;
  /** Header cells that named no known column (话术标题 …), reported, not imported. */
  ignoredColumns: string[];
  rows: PackRow[];
  problems: PackProblem[];
  /** True when the file used the Wangwang-era header and its &#13; &#10; &#44; escapes were decoded. */
  wangwangEscapes?: boolean;
}

/** Options a reader honours. */
export interface ReadOptions {
  /** Force a format instead of sniffing the bytes. */
  format?: PackFormat;
  /** Force a text encoding (the preview's override) instead of detecting it. */
  encoding?: PackEncoding;
}

/** One phrase handed to a writer. */
export interface ExportPhrase {
  group: string;
  code: string | null;
  content: string;
}

export type { ExportBlock, ExportColumns } from '../phrases/types';

/** Phrases as columns, whichever shape they came in (see `ExportColumns`). */
export function exportColumns(phrases: readonly ExportPhrase[] | ExportColumns): ExportColumns {
  if (!Array.isArray(phrases)) return phrases as ExportColumns;
  const list = phrases as readonly ExportPhrase[];
  return { group: list.map((p) => p.group), code: list.map((p) => p.code), content: list.map((p) => p.content) };
}

/** Phrases as rows, whichever shape they came in: the writers of the rarer formats walk rows. */
export function exportPhrases(phrases: readonly ExportPhrase[] | ExportColumns): ExportPhrase[] {
  if (Array.isArray(phrases)) return phrases as ExportPhrase[];
  const t = phrases as ExportColumns;
  return t.content.map((content, i) => ({ group: t.group[i]!, code: t.code[i]!, content }));
}

/** Where Excel puts the workbook part, and where a package without a root relationship has it. */
export const EXCEL_WORKBOOK_PART = 'xl/workbook.xml';
