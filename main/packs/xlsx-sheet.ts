import { XiaoniuError } from '../shared/errors';
import { decodeXmlEscapes, PART_CAPS, type CellFormat, type WorkbookInfo } from './xlsx-workbook';
import { parseXmlPart } from './xlsx-xml';
import type { Archive, ArchivePart } from './zip-archive';

/**
 * Streams a worksheet's `<sheetData>` row by row (ECMA-376 Part 1 §18.3.1). Nothing is expanded
 * from what the file claims: the `<dimension>`, row numbers and merge ranges are read as numbers,
 * never as a number of things to allocate or visit, so the work is proportional to the bytes the
 * sheet really has (capped by {@link PART_CAPS}). Row and column numbers past Excel's own limits
 * (1,048,576 rows, 16,384 columns — "Excel specifications and limits",
 * https://support.microsoft.com/en-us/office/excel-specifications-and-limits-1672b34d-7043-467e-8e27-269d656771c3)
 * mean the file was not written by a spreadsheet program and are refused.
 */

/** Excel's last row number. */
export const MAX_SHEET_ROWS = 1_048_576;
/** Excel's last column (XFD) as a count. */
export const MAX_SHEET_COLUMNS = 16_384;

/** A cell read as text, or a formula whose cached value is missing. */
export type CellText = string | { noValue: true };

/** One non-empty row of the sheet. */
export interface SheetRow {
  /** The sheet row number (1-based). */
  line: number;
  /** Cells of the first `keepColumns` columns, `''` where a cell is absent or empty. */
  cells: CellText[];
  /** 1 + the index of the last cell that is not `''` (may exceed `keepColumns`). */
  width: number;
}

/** A merge range whose first column is among the kept columns and that spans more than one row. */
export interface SheetMerge {
  /** 0-based column of the merge's first (top-left) cell. */
  column: number;
  firstRow: number;
  lastRow: number;
}

/** Receives the sheet as it streams past. */
export interface SheetSink {
  /** Called for each row with at least one non-blank cell, in file order. */
  row(row: SheetRow): void;
  merge(merge: SheetMerge): void;
}

/**
 * Reads `sheet`, handing rows and vertical merges to `sink`; keeps the cells of the first
 * `keepColumns` columns. Throws `pack.xlsxDamaged` for a row or column outside Excel's limits, a
 * shared-string index past the table, or malformed XML; `pack.xlsxTooLarge` past the sheet cap.
 *
 * Cells as Excel shows them: shared, inline and rich text as plain text (phonetic guides dropped,
 * `_xHHHH_` decoded, line breaks LF); a formula's cached result, or `{noValue}` when it has none; a
 * number as General shows it (15 significant digits; a code `1` under the `000` format as `001`);
 * a date serial under a date format as `YYYY-MM-DD[ HH:mm:ss]`; booleans `TRUE`/`FALSE`; errors as
 * `#N/A` etc.
 */
export async function readSheet(archive: Archive, sheet: ArchivePart, book: WorkbookInfo, keepColumns: number, sink: SheetSink): Promise<void> {
  let rowsSeen = 0;
  let line = 0;
  let cells: CellText[] = [];
  let width = 0;
  let nonBlank = false;
  let cellsInRow = 0;
  let nextColumn = 0;
  // The open cell.
  let column = -1;
  let type = '';
  let style = 0;
  let formula = false;
  let value: string[] | null = null;
  let inline: string[] | null = null;
  let capture: string[] | null = null;
  let phonetic = 0;
  let inSheetData = false;

  const damaged = () => new XiaoniuError('pack.xlsxDamaged');

  await parseXmlPart(archive, sheet, PART_CAPS.sheet, {
    open(el) {
      switch (el.name) {
        case 'sheetData':
          inSheetData = true;
          return;
        case 'row': {
          if (!inSheetData) return;
          const r = el.attributes.r;
          line = r === undefined ? line + 1 : Number(r);
          if (!Number.isInteger(line) || line < 1 || line > MAX_SHEET_ROWS || ++rowsSeen > MAX_SHEET_ROWS) throw damaged();
          cells = [];
          width = 0;
          nonBlank = false;
          cellsInRow = 0;
          nextColumn = 0;
          return;
        }
        case 'c': {
          if (!inSheetData) return;
          const ref = el.attributes.r;
          column = ref === undefined ? nextColumn : columnIndex(ref);
          if (column < 0 || column >= MAX_SHEET_COLUMNS || ++cellsInRow > MAX_SHEET_COLUMNS) throw damaged();
          nextColumn = column + 1;
          type = el.attributes.t ?? 'n';
          style = Number(el.attributes.s ?? 0);
          formula = false;
          value = null;
          inline = null;
          return;
        }
        case 'v':
          if (column >= 0) capture = value = [];
          return;
        case 'f':
          if (column >= 0) formula = true;
          return;
        case 'is':
          if (column >= 0) inline = [];
          return;
        case 'rPh':
          phonetic++;
          return;
        case 't':
          if (inline && !phonetic) capture = inline;
          return;
        case 'mergeCell': {
          const m = /^([A-Za-z]{1,3})(\d{1,7}):([A-Za-z]{1,3})(\d{1,7})$/.exec(el.attributes.ref ?? '');
          if (!m) return; // a single cell or nonsense: merges only change how a sheet looks
          const first = columnIndex(m[1]!);
          const firstRow = Number(m[2]);
          const lastRow = Number(m[4]);
          if (first >= 0 && first < keepColumns && lastRow > firstRow) sink.merge({ column: first, firstRow, lastRow });
          return;
        }
      }
    },
    text(t) {
      if (capture) capture.push(t);
    },
    close(name) {
      switch (name) {
        case 'v':
        case 't':
          capture = null;
          return;
        case 'rPh':
          phonetic--;
          return;
        case 'c': {
          if (column < 0) return;
          const text = cellText(type, value, inline, formula, book.formats[style], book);
          if (text !== '') {
            width = Math.max(width, column + 1);
            if (typeof text !== 'string' || text.trim() !== '') nonBlank = true;
            if (column < keepColumns) cells[column] = text;
          }
          column = -1;
          return;
        }
        case 'row':
          if (!inSheetData || !nonBlank) return;
          for (let i = 0; i < Math.min(width, keepColumns); i++) cells[i] ??= '';
          sink.row({ line, cells, width });
          return;
        case 'sheetData':
          inSheetData = false;
          return;
      }
    },
  });

  function cellText(t: string, v: string[] | null, is: string[] | null, isFormula: boolean, format: CellFormat | undefined, wb: WorkbookInfo): CellText {
    if (t === 'inlineStr') return lf(decodeXmlEscapes((is ?? v ?? []).join('')));
    if (v === null) return isFormula ? { noValue: true } : '';
    const raw = v.join('');
    switch (t) {
      case 's': {
        const index = Number(raw);
        const s = Number.isInteger(index) ? wb.sharedStrings[index] : undefined;
        if (s === undefined) throw damaged();
        return lf(s);
      }
      case 'str':
        return lf(decodeXmlEscapes(raw));
      case 'b':
        return raw === '1' || raw === 'true' ? 'TRUE' : 'FALSE';
      case 'e':
        return raw;
      case 'd': {
        // ISO 8601 without a zone is the sheet's wall clock: read it as UTC, as serials are.
        const d = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(raw) || !raw.includes('T') ? raw : `${raw}Z`);
        return Number.isNaN(d.getTime()) ? raw : dateText(d);
      }
      default: {
        if (raw.trim() === '') return '';
        const n = Number(raw);
        if (!Number.isFinite(n)) return raw;
        return format?.date ? dateText(serialToDate(n, wb.date1904)) : numberText(n, format?.code);
      }
    }
  }
}

/** `B12` → 1 (the column letters, case-insensitive); -1 when the reference has none. */
function columnIndex(ref: string): number {
  let n = 0;
  let i = 0;
  for (; i < ref.length && i < 4; i++) {
    const c = ref.charCodeAt(i) | 0x20;
    if (c < 0x61 || c > 0x7a) break;
    n = n * 26 + (c - 0x60);
  }
  return i === 0 || i > 3 ? -1 : n - 1;
}

function lf(s: string): string {
  return s.includes('\r') ? s.replace(/\r\n?/g, '\n') : s;
}

/** Excel shows 15 significant digits; `0.1+0.2` must read as `0.3`, a code 1 as `1`. */
export function numberText(n: number, numFmt: string | undefined): string {
  // A code typed as 001 in a column formatted `000` is stored as 1 but shown (and meant) as 001.
  if (numFmt && /^0+$/.test(numFmt) && Number.isInteger(n) && n >= 0) return String(n).padStart(numFmt.length, '0');
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  return String(Number(n.toPrecision(15)));
}

/**
 * A date serial as an instant of the sheet's wall clock, in UTC: days since 1899-12-30 (so that
 * Lotus 1-2-3's phantom 1900-02-29 keeps serial 61 = 1900-03-01), or since 1904-01-01, rounded to
 * the millisecond.
 */
function serialToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

/** `YYYY-MM-DD`, with ` HH:mm:ss` when the time is not midnight. */
function dateText(d: Date): string {
  const iso = d.toISOString();
  const date = iso.slice(0, 10);
  const time = iso.slice(11, 19);
  return time === '00:00:00' ? date : `${date} ${time}`;
}
