import type * as ExcelJS from 'exceljs';

/**
 * exceljs is loaded on first use: requiring it costs about a second of start-up, which every CLI
 * run and the import of a CSV would otherwise pay (the bench's import budget is 1.5× a bare parse).
 */
async function loadExcelJS(): Promise<typeof ExcelJS> {
  const mod = (await import('exceljs')) as typeof ExcelJS & { default?: typeof ExcelJS };
  return mod.default ?? mod;
}
import { XiaoniuError } from '../shared/errors';
import { CSV_HEADER } from './csv';
import { bytesOf } from './detect';
import { groupOf, inferMapping, matchHeader, type HeaderMatch } from './header';
import { XML_INVALID } from './xml';
import type { ColumnMapping, ExportPhrase, PackProblem, PackRow, ParsedPack } from './types';

/**
 * Excel workbooks (.xlsx) through exceljs (issue 6 §5 "Excel workbooks"). Team phrase templates
 * from other platforms arrive this way (一级分类, 二级分类, 话术标题, 话术内容（必填）), and users who
 * edit packs in Excel may keep them as workbooks.
 */

/**
 * Rows searched for a header. Templates often put a title ("客服话术模板") or an instructions row
 * above the real header; a header further down than this is not a header.
 */
export const HEADER_SCAN_ROWS = 5;

/** A cell read as text, or a formula whose cached value is missing. */
type CellText = string | { noValue: true };

/** Excel shows 15 significant digits; `0.1+0.2` must read as `0.3`, a code 1 as `1`. */
function numberText(n: number, numFmt: string | undefined): string {
  // A code typed as 001 in a column formatted `000` is stored as 1 but shown (and meant) as 001.
  if (numFmt && /^0+$/.test(numFmt) && Number.isInteger(n) && n >= 0) return String(n).padStart(numFmt.length, '0');
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  return String(Number(n.toPrecision(15)));
}

/** exceljs hands dates as UTC instants of the sheet's wall-clock value. */
function dateText(d: Date): string {
  const iso = d.toISOString();
  const date = iso.slice(0, 10);
  const time = iso.slice(11, 19);
  return time === '00:00:00' ? date : `${date} ${time}`;
}

function valueText(value: ExcelJS.CellValue, numFmt: string | undefined): CellText {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value, numFmt);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    if (result === undefined || result === null) return { noValue: true };
    if (typeof result === 'object' && result !== null && 'error' in result) return String((result as { error: unknown }).error);
    return valueText(result as ExcelJS.CellValue, numFmt);
  }
  if ('hyperlink' in value) {
    const t = (value as { text?: unknown }).text;
    if (typeof t === 'string') return t;
    if (t && typeof t === 'object' && 'richText' in t) return (t as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join('');
    return String((value as { hyperlink: string }).hyperlink);
  }
  if ('error' in value) return String(value.error);
  return '';
}

interface SheetRow {
  line: number;
  cells: CellText[];
}

function plain(cells: readonly CellText[]): string[] {
  return cells.map((c) => (typeof c === 'string' ? c : ''));
}

/**
 * Reads the first worksheet (tab order) of an .xlsx workbook.
 *
 * Same header rules as CSV (see `matchHeader`), except that the header may sit in any of the first
 * {@link HEADER_SCAN_ROWS} non-empty rows; rows above it are skipped and reported
 * (`pack.skippedBeforeHeader`). Without a header the used columns (1–3) decide as in CSV; a sheet
 * row has no "ragged" state (a missing cell is an empty cell), more than 3 columns throws
 * `pack.tooManyColumns` {line, found}.
 *
 * Cells: text as typed — a string `=SUM(A1)` stays text; a real formula gives its cached result,
 * or the row is skipped with `pack.formulaWithoutValue` {cell} (e.g. a file written by a tool that
 * does not compute formulas); numbers as Excel shows them in General format (a code 001 that Excel
 * turned into 1 reads `1`, or `001` when the cell has the `000` format); rich text as plain text;
 * dates as `YYYY-MM-DD[ HH:mm:ss]`; booleans `TRUE`/`FALSE`; merged cells repeat their value (a
 * merged 一级分类 block gives every row its group). Line breaks LF. `line` = sheet row number.
 *
 * Throws `pack.notAPhrasePack` when exceljs cannot read the workbook, `pack.empty` for a workbook
 * whose first sheet has no non-empty cell, and `pack.noContentColumn` as in CSV.
 */
export async function readXlsx(bytes: Uint8Array): Promise<ParsedPack> {
  const workbook = new (await loadExcelJS()).Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch {
    throw new XiaoniuError('pack.notAPhrasePack');
  }
  // `worksheets` is ordered by sheet id; the tab order the user sees is exceljs' (untyped) orderNo.
  const order = (w: ExcelJS.Worksheet) => (w as unknown as { orderNo?: number }).orderNo ?? w.id;
  const sheet = [...workbook.worksheets].sort((a, b) => order(a) - order(b))[0];
  if (!sheet) throw new XiaoniuError('pack.empty');

  const sheetRows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: CellText[] = [];
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      const text = valueText(cell.value, cell.numFmt);
      cells[col - 1] = typeof text === 'string' ? text.replace(/\r\n?/g, '\n') : text;
    });
    for (let i = 0; i < cells.length; i++) cells[i] ??= '';
    while (cells.length && cells[cells.length - 1] === '') cells.pop();
    if (cells.some((c) => typeof c !== 'string' || c.trim() !== '')) sheetRows.push({ line: rowNumber, cells });
  });
  if (sheetRows.length === 0) throw new XiaoniuError('pack.empty');

  const problems: PackProblem[] = [];
  let header: HeaderMatch | null = null;
  let headerAt = -1;
  let noContent: unknown = null;
  for (let i = 0; i < Math.min(HEADER_SCAN_ROWS, sheetRows.length) && !header; i++) {
    try {
      header = matchHeader(plain(sheetRows[i]!.cells));
      if (header) headerAt = i;
    } catch (e) {
      noContent ??= e;
    }
  }
  if (!header && noContent) throw noContent;

  let mapping: ColumnMapping;
  let body: SheetRow[];
  if (header) {
    mapping = header.mapping;
    for (const skipped of sheetRows.slice(0, headerAt)) problems.push({ line: skipped.line, code: 'pack.skippedBeforeHeader' });
    body = sheetRows.slice(headerAt + 1);
  } else {
    body = sheetRows;
    // A loop, not Math.max(...rows): spreading 150,000 rows overflows the call stack.
    let columns = 0;
    for (const r of body) if (r.cells.length > columns) columns = r.cells.length;
    if (columns > 3) throw new XiaoniuError('pack.tooManyColumns', { line: body[0]!.line, found: columns });
    mapping = inferMapping(columns as 1 | 2 | 3, body.map((r) => plain(r.cells)[0] ?? ''));
  }

  const used = [mapping.group, mapping.subgroup, mapping.code, mapping.content].filter((c) => c >= 0);
  const rows: PackRow[] = [];
  for (const r of body) {
    const missing = used.find((c) => typeof r.cells[c] === 'object');
    if (missing !== undefined) {
      problems.push({ line: r.line, code: 'pack.formulaWithoutValue', params: { cell: columnLetter(missing) + r.line } });
      continue;
    }
    const cells = plain(r.cells);
    rows.push({
      line: r.line,
      group: groupOf(cells, mapping),
      code: mapping.code >= 0 ? (cells[mapping.code] ?? '') : '',
      content: cells[mapping.content] ?? '',
    });
  }

  return {
    format: 'xlsx',
    encoding: 'utf-8',
    headerRecognised: header !== null,
    header: header ? plain(sheetRows[headerAt]!.cells) : [],
    mapping,
    ignoredColumns: header ? header.ignoredColumns : [],
    rows,
    problems,
  };
}

/** 0 → `A`, 25 → `Z`, 26 → `AA`. */
function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * One string as an xlsx cell: XML-invalid characters dropped (exceljs would write a corrupt
 * sheet), and a literal `_x0041_`-style sequence escaped as `_x005F_x0041_` — Excel and exceljs
 * decode `_xHHHH_` when reading, so without this the text would come back as `A`.
 */
function sheetText(s: string): string {
  return s
    .replace(XML_INVALID, '')
    .replace(/\r\n?/g, '\n')
    .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1');
}

/**
 * Our Excel layout (issue 6 §5): one sheet 快捷短语 with the CSV header 分组, 快捷编码, 短语内容 and
 * one row per phrase. Every cell is a text (shared-string) cell and the columns carry the `@` (Text)
 * format, so `=1+1` stays a string without an apostrophe and a code `001` typed later in Excel is
 * not turned into 1. A null code is an empty cell. Returns the file bytes.
 */
export async function writeXlsx(phrases: readonly ExportPhrase[]): Promise<Uint8Array> {
  const workbook = new (await loadExcelJS()).Workbook();
  workbook.creator = 'Xiaoniu';
  const sheet = workbook.addWorksheet('快捷短语', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: CSV_HEADER[0], key: 'group', width: 16, style: { numFmt: '@' } },
    { header: CSV_HEADER[1], key: 'code', width: 14, style: { numFmt: '@' } },
    { header: CSV_HEADER[2], key: 'content', width: 60, style: { numFmt: '@', alignment: { wrapText: true, vertical: 'top' } } },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const p of phrases) {
    sheet.addRow({ group: sheetText(p.group), code: p.code ? sheetText(p.code) : null, content: sheetText(p.content) });
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return bytesOf(Buffer.isBuffer(buffer) ? buffer : Buffer.from(buffer as ArrayBuffer));
}
