import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { XiaoniuError } from '../shared/errors';
import { DEFAULT_GROUP } from '../phrases/rules';
import { bytesOf } from './detect';
import { ASCII_CODE, groupOf, inferMapping, matchHeader, type HeaderMatch } from './header';
import { exportColumns, type ColumnMapping, type CsvDelimiter, type ExportBlock, type ExportColumns, type ExportPhrase, type PackEncoding, type PackProblem, type PackRow, type ParsedPack } from './types';

/**
 * CSV and plain-text phrase packs: reading every shape Excel, Qianniu and Wangwang-era tools
 * write, and writing our own layout and Qianniu's (RFC 4180 quoting, CRLF records).
 *
 * papaparse (the product's CSV library) WRITES every cell that needs an escape: `Papa.unparse`
 * with `escapeFormulae` (widened to `'`, see {@link csvCell}). Quoting is a per-cell decision, so
 * cells that need nothing are written as they are — papaparse would write them unchanged — and a
 * property test checks the file is byte-for-byte what `Papa.unparse` makes of the whole table.
 * The export streams: records are appended to a chunk of text that is encoded and handed on at
 * about 256 K characters, so neither every phrase nor the whole file is held at once.
 *
 * READING stays with the small RFC 4180 parser below (built on `indexOf`, no per-character loop
 * over unquoted text, counting lines as it goes), because of what papaparse 5.7 gets wrong for
 * the reader's rules:
 * - no line numbers: it counts rows, not physical lines, and a problem must name the line
 *   (mholt/PapaParse#177, #610 — its advice is to count line breaks in the step callback, which
 *   costs a second pass over every record);
 * - a malformed quote (`"a"b,c`) makes it scan on for a closing quote and swallow the following
 *   records into one cell, reporting the error at the wrong row (mholt/PapaParse#432, still open;
 *   #1055 and #112 show the merged rows) — our rule skips that one row and names its line;
 * - spaces after a closing quote (`"a"  ,b`) are dropped silently (mholt/PapaParse#453), where our
 *   rule flags the row as a malformed quote rather than guess.
 * Using it for the well-formed files only would still mean two parsers, and it is slower at the
 * one thing it would do. Measured on the bench's file (tests/bench/generate.ts: 100,000 rows,
 * 16.4 MB, UTF-8), splitting records, median of 7 in one process, wall ms on this 2-core machine
 * under load: our parser 52 (min 30) vs `Papa.parse` 71–119 (min 56) whole, 92 (min 56) with a
 * step callback; with every cell quoted 78 (48) vs 172–338 (75); with a two-line cell in every
 * tenth row 29 (22) vs 48–121 (41), and 56 (53) once the step callback counts lines.
 *
 * Writing, the bench's 100,000 phrases (all cells plain), one process, wall ms on this 2-core
 * machine under load: reading the rows into columns and then building the whole text cost 583–625
 * ms and 155 MB; reading a group and appending its records to a streamed chunk 402–511 ms and
 * 90 MB, byte-for-byte the same file. Most of the gain is garbage collection: 300,000 strings no
 * longer outlive the young generation.
 */

/**
 * Bounds that keep a hostile 60 MB file from costing gigabytes: no real pack has a thousand
 * columns, and a cell past 64 K characters is far over the 2,000-character limit whatever its end
 * (it is still read to its closing quote, but no longer copied, so it fails as too long).
 */
const MAX_CELLS = 1000;
const MAX_CELL = 65_536;

/** Rows above a header (a title, a note) that are looked past to find it. */
const TITLE_ROWS = 5;

/** Candidate delimiters, in the order they are tried (docs/packs.md "CSV and text files"). */
export const DELIMITERS: readonly CsvDelimiter[] = [',', '\t', ';'];

/** One parsed record before any column logic. */
export interface CsvRecord {
  /** Cells as written, quotes removed and `""` unescaped. */
  cells: string[];
  /** Physical line (1-based, LF-normalised text) where the record starts. */
  line: number;
  /** True when a closing quote was followed by more text (`"a"b`); the text was kept, Excel-style. */
  badQuote: boolean;
}

/**
 * CRLF and lone CR → LF. papaparse (and most parsers) pick ONE line ending per file, and files
 * edited on two machines mix them; normalising first makes every record end the same way, keeps
 * no stray CR in any cell, and makes "physical line" mean the same thing for all three.
 */
export function normaliseLineEndings(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Called for each non-blank record with its cells, the physical line where it starts and whether a
 * malformed quote was met; return `false` to stop.
 */
export type CsvRecordVisitor = (cells: string[], line: number, badQuote: boolean) => boolean | void;

function isBlank(cells: readonly string[]): boolean {
  for (const c of cells) if (c.length !== 0 && (c.charCodeAt(0) > 32 || c.trim() !== '')) return false;
  return true;
}

/**
 * Parses LF-only `text` record by record (RFC 4180: `"` quoting, `""` escapes, line breaks inside
 * quoted cells). `delimiter` null means none: every record is one cell, so a one-column file may
 * contain commas. Records whose cells are all blank (blank lines, Excel's `,,`) are skipped.
 * A visitor rather than an array: a 100,000-row file is then read without holding a second copy
 * of every record, which halves the garbage-collector time.
 *
 * Leniency, as Excel reads: a quote inside an unquoted cell is literal (`他说"好"`); text after a
 * closing quote (`"a"b`) is appended to the cell and the record is flagged `badQuote`.
 *
 * Throws `pack.unterminatedQuote` {line} — the line of the opening quote — when a quoted cell
 * never closes: guessing where it should have ended would silently merge records.
 */
export function visitCsvRecords(text: string, delimiter: CsvDelimiter | null, visit: CsvRecordVisitor): void {
  const n = text.length;
  const delimCode = delimiter === null ? -1 : delimiter.charCodeAt(0);
  let i = 0;
  let line = 1;
  let nextDelim = delimiter === null ? -1 : text.indexOf(delimiter);
  let nextNl = text.indexOf('\n');
  while (i < n) {
    const recordLine = line;
    const cells: string[] = [];
    let badQuote = false;
    for (;;) {
      if (text.charCodeAt(i) === 34) {
        // Quoted cell.
        const openLine = line;
        const open = i;
        let value = '';
        let seg = i + 1;
        let j = seg;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q === -1) throw new XiaoniuError('pack.unterminatedQuote', { line: openLine });
          if (text.charCodeAt(q + 1) === 34) {
            if (value.length < MAX_CELL) value += text.slice(seg, q + 1);
            j = q + 2;
            seg = j;
            continue;
          }
          if (value.length < MAX_CELL) value += text.slice(seg, q);
          i = q + 1;
          break;
        }
        if (nextNl !== -1 && nextNl < i) {
          line += countNewlines(text, open, i);
          nextNl = text.indexOf('\n', i);
        }
        if (nextDelim !== -1 && nextDelim < i) nextDelim = text.indexOf(delimiter!, i);
        const c = i < n ? text.charCodeAt(i) : -1;
        if (c !== -1 && c !== 10 && c !== delimCode) {
          badQuote = true;
          const end = nextDelim !== -1 && (nextNl === -1 || nextDelim < nextNl) ? nextDelim : nextNl === -1 ? n : nextNl;
          value += text.slice(i, end);
          i = end;
        }
        cells.push(value);
        if (cells.length > MAX_CELLS) throw new XiaoniuError('pack.tooManyColumns', { line: recordLine, found: cells.length });
      } else {
        if (nextDelim !== -1 && nextDelim < i) nextDelim = text.indexOf(delimiter!, i);
        if (nextNl !== -1 && nextNl < i) nextNl = text.indexOf('\n', i);
        const end = nextDelim !== -1 && (nextNl === -1 || nextDelim < nextNl) ? nextDelim : nextNl === -1 ? n : nextNl;
        cells.push(text.slice(i, end));
        if (cells.length > MAX_CELLS) throw new XiaoniuError('pack.tooManyColumns', { line: recordLine, found: cells.length });
        i = end;
      }
      if (i >= n) break;
      if (text.charCodeAt(i) === 10) {
        i++;
        line++;
        break;
      }
      // A delimiter: another cell follows (an empty one when the delimiter ends the file).
      i++;
      if (i >= n) {
        cells.push('');
        break;
      }
    }
    if (!isBlank(cells) && visit(cells, recordLine, badQuote) === false) return;
  }
}

/** The first `limit` non-blank records of `text` (see {@link visitCsvRecords}). */
export function parseCsvRecords(text: string, delimiter: CsvDelimiter | null, limit = Infinity): CsvRecord[] {
  const records: CsvRecord[] = [];
  if (limit <= 0) return records;
  visitCsvRecords(text, delimiter, (cells, line, badQuote) => {
    records.push({ cells, line, badQuote });
    return records.length < limit;
  });
  return records;
}

/**
 * The import half of the formula-injection escape (docs/packs.md "Our CSV"): one leading apostrophe
 * is dropped when `=`, `+`, `-`, `@`, TAB, CR — or another apostrophe — follows it. The apostrophe
 * is in the list because the export escapes cells that start with one (`'abc` → `''abc`); without
 * it, export → import → export would grow an apostrophe each round. `'abc` (a real apostrophe
 * before a letter) is kept.
 */
export function unescapeFormula(cell: string): string {
  if (cell.charCodeAt(0) !== 39) return cell;
  const next = cell.charAt(1);
  return next === '=' || next === '+' || next === '-' || next === '@' || next === '\t' || next === '\r' || next === "'"
    ? cell.slice(1)
    : cell;
}

/**
 * Wangwang-era escapes: `&#13;&#10;` (one line break), `&#13;`, `&#10;` → LF and `&#44;` → comma.
 * Only applied under the Wangwang header, because `&#44;` in any other file is literal text.
 */
export function decodeWangwang(cell: string): string {
  if (!cell.includes('&#')) return cell;
  return cell.replace(/&#13;&#10;|&#13;|&#10;|&#44;/g, (m) => (m === '&#44;' ? ',' : '\n'));
}

/**
 * Why a delimiter candidate cannot be the one of a headerless file: the first record whose cell
 * count differs from the first record's, or more than 3 columns.
 */
function headerlessRejection(text: string, delimiter: CsvDelimiter): XiaoniuError | null {
  let expected = -1;
  let firstLine = 0;
  let ragged: XiaoniuError | null = null;
  visitCsvRecords(text, delimiter, (cells, line) => {
    if (expected === -1) {
      expected = cells.length;
      firstLine = line;
      return true;
    }
    if (cells.length === expected) return true;
    ragged = new XiaoniuError('pack.raggedRows', { line, expected, found: cells.length });
    return false;
  });
  if (ragged) return ragged;
  return expected > 3 ? new XiaoniuError('pack.tooManyColumns', { line: firstLine, found: expected }) : null;
}

/** Options of {@link readCsv}. */
export interface ReadCsvOptions {
  /** Only try this delimiter instead of `,` TAB `;` (`null` = one column). */
  delimiter?: CsvDelimiter | null;
}

/**
 * Reads a CSV / tab-separated / plain-text pack from decoded text (one BOM already stripped by
 * `decodeText`; `encoding` is only reported back).
 *
 * Delimiter (docs/packs.md "CSV and text files"): the first of `,` TAB `;` that splits the first
 * record into a recognised header (see `matchHeader`); without one, the first candidate that occurs
 * in the first record and gives every record the same 1–3 columns; when no candidate occurs, the
 * file has one column and each record is one content cell (commas included). A one-cell header
 * (`内容`) also means one column.
 *
 * Throws (file level): `pack.empty` (no records), `pack.unterminatedQuote` {line},
 * `pack.raggedRows` {line, expected, found} (headerless: the first record whose count differs from
 * the first record's, for the first candidate that occurs), `pack.tooManyColumns` {line, found}
 * (headerless, more than 3), `pack.noContentColumn` {columns}.
 *
 * Row problems under a recognised header: `pack.rowColumnCount` {expected, found} — more non-empty
 * cells than the header; the row is skipped, because a surplus cell means an unquoted delimiter
 * split the content and importing would put text in the wrong field (surplus cells that are empty,
 * from a stray trailing comma, are tolerated). `pack.rowMissingCells` {expected, found} — fewer
 * cells (e.g. Qianniu's `hi,亲` without the trailing empty group cell); the row is imported with
 * the missing trailing cells empty, since CSV cannot drop a middle cell and nothing is shifted.
 * Always: `pack.malformedQuote` — the row is skipped (where the cell was meant to end is a guess).
 *
 * Cells: apostrophe rule ({@link unescapeFormula}) on every data cell, Wangwang escapes under the
 * Wangwang header; otherwise raw (not trimmed), LF line breaks.
 */
export function readCsv(text: string, encoding: PackEncoding, options: ReadCsvOptions = {}): ParsedPack {
  const lf = normaliseLineEndings(text);
  // UTF-16 text comes from Excel's "Unicode text", which is always tab-separated: trying the comma
  // first would split a headerless file at the commas inside its phrases.
  const order: readonly CsvDelimiter[] = encoding === 'utf-16le' || encoding === 'utf-16be' ? ['\t', ',', ';'] : DELIMITERS;
  const candidates: readonly CsvDelimiter[] =
    options.delimiter === undefined ? order : options.delimiter === null ? [] : [options.delimiter];

  const firstByDelimiter = new Map<CsvDelimiter | null, CsvRecord | undefined>();
  const first = (d: CsvDelimiter | null): CsvRecord | undefined => {
    if (!firstByDelimiter.has(d)) firstByDelimiter.set(d, parseCsvRecords(lf, d, 1)[0]);
    return firstByDelimiter.get(d);
  };
  if (first(null) === undefined) throw new XiaoniuError('pack.empty');
  const occurring = candidates.filter((d) => (first(d)?.cells.length ?? 0) > 1);

  let delimiter: CsvDelimiter | null | undefined;
  let header: HeaderMatch | null = null;
  let headerCells: string[] = [];

  // 1. A recognised header decides.
  let noContent: unknown = null;
  for (const d of occurring.length ? occurring : [null]) {
    const rec = first(d)!;
    try {
      header = matchHeader(rec.cells);
    } catch (e) {
      noContent ??= e;
      header = null;
    }
    if (header) {
      delimiter = d;
      headerCells = rec.cells;
      break;
    }
  }
  if (!header && noContent) throw noContent;

  // 1b. A title or note above the header, as team templates saved from Excel have (the .xlsx
  //     reader allows the same): a recognised header of 2+ cells within the next few records.
  let headerIndex = 0;
  if (!header && options.delimiter === undefined) {
    search: for (const d of candidates) {
      const records = parseCsvRecords(lf, d, TITLE_ROWS + 1);
      for (let k = 1; k < records.length; k++) {
        if (records[k]!.cells.length < 2) continue;
        let found: HeaderMatch | null = null;
        try {
          found = matchHeader(records[k]!.cells);
        } catch {
          found = null;
        }
        if (found) {
          header = found;
          delimiter = d;
          headerCells = records[k]!.cells;
          headerIndex = k;
          break search;
        }
      }
    }
  }

  // 2. Otherwise the first occurring candidate giving every record the same 1–3 columns; never a
  //    silent fallback to one column when the candidates that occur give ragged records.
  if (!header) {
    if (occurring.length === 0) {
      delimiter = null;
    } else {
      let rejection: XiaoniuError | null = null;
      for (const d of occurring) {
        const why = headerlessRejection(lf, d);
        if (!why) {
          delimiter = d;
          break;
        }
        rejection ??= why;
      }
      if (delimiter === undefined) throw rejection!;
    }
  }

  const problems: PackProblem[] = [];
  const rows: PackRow[] = [];
  const wangwang = header?.wangwang === true;
  let mapping: ColumnMapping;
  /** Under a header: the cells a row must have (trailing empty header cells don't count). */
  let expected = -1;
  if (header) {
    mapping = header.mapping;
    expected = headerCells.length;
    while (expected > 1 && headerCells[expected - 1]!.trim() === '') expected--;
    expected = Math.max(expected, mapping.group + 1, mapping.code + 1, mapping.content + 1, mapping.subgroup + 1);
  } else {
    const columns = first(delimiter ?? null)!.cells.length as 1 | 2 | 3;
    // Two columns are provisionally code + content; see the fix-up below.
    mapping = inferMapping(columns, []);
  }
  let firstCellsAreCodes = true;
  // Records up to the header are not data; those above it are reported as skipped.
  let skip = header ? headerIndex + 1 : 0;

  visitCsvRecords(lf, delimiter ?? null, (cells, line, badQuote) => {
    if (skip > 0) {
      skip--;
      if (skip > 0) problems.push({ line, code: 'pack.skippedBeforeHeader' });
      return;
    }
    if (header) {
      let found = cells.length;
      while (found > expected && cells[found - 1]!.trim() === '') found--;
      if (found > expected) {
        problems.push({ line, code: 'pack.rowColumnCount', params: { expected, found } });
        return;
      }
      // CSV cannot lose a middle cell (its delimiters stay), so a short row lacks trailing cells:
      // nothing shifted, and they are empty — Qianniu itself ends default-group rows `code,text`.
      // Nothing is lost, so this is no problem: problems are rows the import skips or changes.
      while (cells.length < expected) cells.push('');
    }
    if (badQuote) {
      // `"a"b`: where the cell was meant to end is a guess; skip the row and say where it is.
      problems.push({ line, code: 'pack.malformedQuote' });
      return;
    }
    for (let k = 0; k < cells.length; k++) {
      let cell = unescapeFormula(cells[k]!);
      if (wangwang) cell = decodeWangwang(cell);
      cells[k] = cell;
    }
    if (firstCellsAreCodes && !header && mapping.code === 0) {
      const c = cells[0]!.trim();
      if (c !== '' && !ASCII_CODE.test(c)) firstCellsAreCodes = false;
    }
    rows.push({
      line,
      group: groupOf(cells, mapping),
      code: mapping.code >= 0 ? (cells[mapping.code] ?? '') : '',
      content: cells[mapping.content] ?? '',
    });
  });
  if (!header && mapping.code === 0 && mapping.content === 1 && !firstCellsAreCodes) {
    // Headerless two columns whose first cells are not all ASCII codes: group + content.
    mapping = { group: 0, code: -1, content: 1, subgroup: -1 };
    for (const r of rows) {
      r.group = r.code;
      r.code = '';
    }
  }
  problems.sort((a, b) => a.line - b.line);

  const result: ParsedPack = {
    format: 'csv',
    encoding,
    headerRecognised: header !== null,
    header: header ? headerCells.map((c) => c.replace(/^\uFEFF/, '')) : [],
    mapping,
    ignoredColumns: header ? header.ignoredColumns : [],
    rows,
    problems,
  };
  if (delimiter) result.delimiter = delimiter;
  if (wangwang) result.wangwangEscapes = true;
  return result;
}

// ───────────────────────────── writing ─────────────────────────────

/**
 * How papaparse writes a cell of ours: the formula escape (`escapeFormulae`) widened to the
 * apostrophe so the escape stays reversible (see {@link unescapeFormula}), never quoting more than
 * needed. One config per delimiter, built once.
 */
const UNPARSE: Record<CsvDelimiter, Papa.UnparseConfig> = {
  ',': { delimiter: ',', escapeFormulae: /^[=+\-@\t\r']/, quotes: false, header: false },
  '\t': { delimiter: '\t', escapeFormulae: /^[=+\-@\t\r']/, quotes: false, header: false },
  ';': { delimiter: ';', escapeFormulae: /^[=+\-@\t\r']/, quotes: false, header: false },
};

/**
 * The cells papaparse would change at all, per delimiter: a formula start or an apostrophe; the
 * delimiter, a quote, CR, LF or a BOM anywhere (its `BAD_DELIMITERS`); a space at either end.
 * Every other cell it writes as it is, so those are written without calling it (see
 * {@link csvCell}); a test checks the two stay identical.
 */
const NEEDS_WORK: Record<CsvDelimiter, RegExp> = {
  ',': /^[=+\-@\t\r' ]|[",\r\n\uFEFF]| $/,
  '\t': /^[=+\-@\t\r' ]|["\t\r\n\uFEFF]| $/,
  ';': /^[=+\-@\t\r' ]|[";\r\n\uFEFF]| $/,
};

/**
 * One cell for a CSV file, written by papaparse's `unparse`: line breaks LF first (content is
 * stored with LF; a CR would end the record in some readers, and the reader turns every CR into LF,
 * so writing one would break the byte-identical round trip), then one leading apostrophe and
 * quotes when the cell starts with `=` `+` `-` `@` TAB CR or `'` (formula injection: Excel runs
 * `=HYPERLINK(…)` typed by a buyer, OWASP "CSV Injection"; the apostrophe case keeps the escape
 * reversible), and RFC 4180 quoting when it contains the delimiter, a quote, CR, LF or a BOM or
 * starts or ends with a space. A cell none of that applies to is returned as it is without calling
 * papaparse — the export's hot path (100,000 contents, most of them plain).
 */
export function csvCell(value: string, delimiter: CsvDelimiter = ','): string {
  if (!NEEDS_WORK[delimiter].test(value)) return value;
  return Papa.unparse([[value.includes('\r') ? normaliseLineEndings(value) : value]], UNPARSE[delimiter]);
}

/** Characters of CSV text handed on at a time (about 0.5–0.75 MB as UTF-8): big enough that writes are few, small enough to stay in cache. */
const CHUNK_CHARS = 256 * 1024;

/**
 * The CSV text of phrase blocks, handed to `emit` in chunks of about {@link CHUNK_CHARS} that
 * always end at a record's end (so each chunk encodes on its own: no surrogate pair or record is
 * split): the header, then one record per phrase, each ending with CRLF (what Excel writes and
 * expects; line breaks inside cells stay LF), every cell per {@link csvCell}. Quoting is decided
 * per cell, so the text is byte-for-byte what `Papa.unparse` makes of the whole table (the property
 * test in csv.test.ts). `layout` orders the cells: ours is group, code, content; Qianniu's is code,
 * content, group with 默认分组 as an empty cell. Returns the number of phrases written.
 */
function emitCsv(layout: 'ours' | 'qianniu', blocks: Iterable<ExportBlock>, emit: (text: string) => void, bom = ''): number {
  let chunk = bom + (layout === 'ours' ? CSV_HEADER : QIANNIU_HEADER).join(',') + '\r\n';
  let count = 0;
  for (const b of blocks) {
    const group = csvCell(layout === 'qianniu' && b.group === DEFAULT_GROUP ? '' : b.group);
    for (const [code, content] of b.rows) {
      const c = code === null ? '' : csvCell(code);
      chunk += layout === 'ours' ? group + ',' + c + ',' + csvCell(content) + '\r\n' : c + ',' + csvCell(content) + ',' + group + '\r\n';
      if (chunk.length >= CHUNK_CHARS) {
        emit(chunk);
        chunk = '';
      }
    }
    count += b.rows.length;
  }
  emit(chunk);
  return count;
}

/** Phrases given as a list or as columns, as blocks of consecutive phrases of one group. */
function* blocksOf(phrases: readonly ExportPhrase[] | ExportColumns): Generator<ExportBlock> {
  const t = exportColumns(phrases);
  for (let start = 0; start < t.content.length; ) {
    const group = t.group[start]!;
    const rows: [string | null, string][] = [];
    let i = start;
    for (; i < t.content.length && t.group[i] === group; i++) rows.push([t.code[i]!, t.content[i]!]);
    yield { group, rows };
    start = i;
  }
}

/** Header of our own CSV layout (docs/packs.md "Our CSV"). */
export const CSV_HEADER = ['分组', '快捷编码', '短语内容'] as const;
/** Header of Qianniu's own CSV export: code, content, group last. */
export const QIANNIU_HEADER = ['快捷短语编码', '快捷短语', '快捷短语分组'] as const;

/** Options of {@link writeCsv}. */
export interface WriteCsvOptions {
  /** `'utf8'` (default): UTF-8 with BOM, so Excel detects it; `'gb18030'`: no BOM, for old Excel. */
  encoding?: 'utf8' | 'gb18030';
}

/**
 * Our CSV layout (docs/packs.md "Our CSV"): header `分组,快捷编码,短语内容`, one record per phrase, CRLF
 * after every record, cells per {@link csvCell}, a null code as an empty cell. UTF-8 with a BOM by
 * default — without the BOM Excel on Chinese Windows opens UTF-8 as GBK and shows mojibake; with
 * `encoding: 'gb18030'` no BOM (GB18030 holds every Unicode character, so nothing is lost). Returns
 * the file bytes.
 */
export function writeCsv(phrases: readonly ExportPhrase[] | ExportColumns, options: WriteCsvOptions = {}): Uint8Array {
  const parts: Uint8Array[] = [];
  streamCsv(blocksOf(phrases), (bytes) => parts.push(bytes), options);
  return bytesOf(Buffer.concat(parts));
}

/**
 * {@link writeCsv} for phrases that come one group at a time, written as they come: `write` gets
 * the file's bytes in chunks of about half a megabyte, in order, so an export of 100,000 phrases
 * never holds the whole file (or every phrase) at once. Returns the number of phrases written;
 * throws whatever `write` or reading `blocks` throws.
 */
export function streamCsv(blocks: Iterable<ExportBlock>, write: (bytes: Uint8Array) => void, options: WriteCsvOptions = {}): number {
  if (options.encoding === 'gb18030') return emitCsv('ours', blocks, (text) => write(iconv.encode(text, 'gb18030')));
  return emitCsv('ours', blocks, (text) => write(Buffer.from(text, 'utf8')), '\uFEFF');
}

function gbkRoundTrips(s: string): boolean {
  return iconv.decode(iconv.encode(s, 'gbk'), 'gbk') === s;
}

/**
 * The first offending phrase as the error names it: `phrase` is `group/code` (the group alone
 * without a code), `snippet` the text around the first character GBK cannot hold (up to 10
 * characters either side, `…` where cut, line breaks as spaces).
 */
function describeUnencodable(p: ExportPhrase): { phrase: string; snippet: string } {
  const chars = Array.from(p.content);
  let at = chars.findIndex((ch) => !gbkRoundTrips(ch));
  if (at === -1) at = 0;
  const from = Math.max(0, at - 10);
  const to = Math.min(chars.length, at + 10);
  const snippet = (from > 0 ? '…' : '') + chars.slice(from, to).join('').replace(/\n/g, ' ') + (to < chars.length ? '…' : '');
  return { phrase: `${p.group}${p.code ? '/' + p.code : ''}`, snippet };
}

/**
 * Qianniu's own CSV layout (what Qianniu's export writes and its import reads), for a colleague
 * still on Qianniu: header `快捷短语编码,快捷短语,快捷短语分组`, GBK (Qianniu reads the Windows
 * ANSI code page), no BOM, CRLF, the default group (默认分组) written as an empty group cell. Cells are escaped as in
 * {@link csvCell} (the file may be opened in Excel too).
 *
 * Throws `pack.unencodable` {encoding: 'GBK', count, phrase, snippet} when any cell holds a
 * character GBK cannot encode (😊, 𠮷, most emoji): iconv-lite would silently write `?`, so every
 * cell is checked by an encode/decode round trip rather than by trusting the encoder. `count` is
 * how many phrases cannot be written; `phrase` (`group/code`) and `snippet` name the first. Only
 * one is named so the message needs no list punctuation of either language; the catalogue's
 * sentence says which formats hold every character.
 */
export function writeQianniuCsv(phrases: readonly ExportPhrase[]): Uint8Array {
  let text = '';
  emitCsv('qianniu', blocksOf(phrases), (chunk) => (text += chunk));
  const bytes = iconv.encode(text, 'gbk');
  // One whole-file round trip answers the common case; per-phrase checks only run on failure.
  if (iconv.decode(bytes, 'gbk') !== text) {
    const bad = phrases.filter((p) => !gbkRoundTrips(p.group) || !gbkRoundTrips(p.code ?? '') || !gbkRoundTrips(p.content));
    throw new XiaoniuError('pack.unencodable', { encoding: 'GBK', count: bad.length, ...describeUnencodable(bad[0]!) });
  }
  return bytesOf(bytes);
}
