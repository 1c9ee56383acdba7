import { XiaoniuError } from '../shared/errors';
import { groupOf, inferMapping, matchHeader, type HeaderMatch } from './header';
import type { ColumnMapping, PackProblem, PackRow, ParsedPack } from './types';
import { readSheet, type CellText, type SheetMerge, type SheetRow, type SheetSink } from './xlsx-sheet';
import { readWorkbook } from './xlsx-workbook';
import { openArchive } from './zip-archive';

export { writeXlsx } from './xlsx-write';

/**
 * Excel workbooks (.xlsx). Team phrase templates from other platforms arrive this way (一级分类,
 * 二级分类, 话术标题, 话术内容（必填）), and users who edit packs in Excel may keep them as workbooks.
 *
 * Reading streams the first worksheet (zip-archive.ts, xlsx-workbook.ts, xlsx-sheet.ts) instead
 * of loading exceljs' whole in-memory model: exceljs expands every merge range into cell objects
 * and trusts row numbers, so a 2 KB file with one merge over D3:XFD1048576 took 4 GB and never
 * finished, and a 1 GB "zip bomb" sheet took 2 GB before being refused. Here the work is bounded
 * by what a phrase pack can be: a few columns are kept, at most the rows the sheet's (capped)
 * bytes really hold, merges are three numbers each. Writing: xlsx-write.ts.
 */

/**
 * Rows searched for a header. Templates often put a title ("客服话术模板") or an instructions row
 * above the real header; a header further down than this is not a header.
 */
export const HEADER_SCAN_ROWS = 5;

/**
 * Columns a header is looked for in. A phrase pack has three to six (一级分类, 二级分类, 话术标题,
 * 快捷键, 话术内容 …); a header cell further right than this is not read.
 */
export const HEADER_COLUMNS = 64;

function plain(cells: readonly CellText[]): string[] {
  return cells.map((c) => (typeof c === 'string' ? c : ''));
}

/**
 * Reads the first worksheet (tab order) of an .xlsx workbook.
 *
 * Same header rules as CSV (see `matchHeader`), except that the header may sit in any of the first
 * {@link HEADER_SCAN_ROWS} non-empty rows; rows above it are skipped and reported
 * (`pack.skippedBeforeHeader`). Without a header the used columns (1–3) decide as in CSV; a sheet
 * row has no "ragged" state (a missing cell is an empty cell), and the first row with a fourth
 * column throws `pack.tooManyColumns` {line, found} (that row and its column count).
 *
 * Cells as `readSheet` reads them (a formula without a cached value skips its row with
 * `pack.formulaWithoutValue` {cell}, e.g. a file written by a tool that does not compute formulas).
 * A merged cell's value repeats down the rows of its range in its own (first) column — a merged
 * 一级分类 block gives every row its group — and only in rows the sheet has: a range is never
 * expanded cell by cell. `line` = sheet row number.
 *
 * Throws `pack.notAPhrasePack` for a ZIP that is no workbook, `pack.xlsxDamaged` for a broken or
 * forged one (truncated ZIP, malformed XML, rows or columns past Excel's limits),
 * `pack.xlsxTooLarge` for one that inflates past what a phrase pack can be, `pack.empty` for a
 * workbook whose first sheet has no non-empty cell, and `pack.noContentColumn` as in CSV.
 */
export async function readXlsx(bytes: Uint8Array): Promise<ParsedPack> {
  // Not a ZIP at all (the user forced xlsx on a CSV): not a damaged workbook, no workbook.
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw new XiaoniuError('pack.notAPhrasePack');
  const archive = await openArchive(bytes);
  const book = await readWorkbook(archive);
  if (!book.sheet) throw new XiaoniuError('pack.empty');
  const rows = new SheetRows();
  await readSheet(archive, book.sheet, book, HEADER_COLUMNS, rows);
  return rows.finish();
}

/** A body row, reduced to the cells of the columns it will be read from. */
interface BodyRow {
  line: number;
  /** Cells of {@link SheetRows.watched}, in that order. */
  picked: CellText[];
}

/**
 * Takes the sheet's rows as they stream: buffers the first {@link HEADER_SCAN_ROWS} to find the
 * header, then keeps of each later row only the cells of the columns the mapping reads.
 */
class SheetRows implements SheetSink {
  private scan: SheetRow[] = [];
  private decided = false;
  private header: HeaderMatch | null = null;
  private headerAt = -1;
  /** Columns kept from body rows: the mapping's (header) or the first three (no header). */
  private watched: number[] = [];
  private body: BodyRow[] = [];
  private columns = 0;
  private merges: SheetMerge[] = [];
  private problems: PackProblem[] = [];

  row(r: SheetRow): void {
    if (this.decided) return this.addBody(r);
    this.scan.push(r);
    if (this.scan.length === HEADER_SCAN_ROWS) this.decide();
  }

  merge(m: SheetMerge): void {
    this.merges.push(m);
  }

  private decide(): void {
    this.decided = true;
    let noContent: unknown = null;
    for (let i = 0; i < this.scan.length && !this.header; i++) {
      try {
        this.header = matchHeader(plain(this.scan[i]!.cells));
        if (this.header) this.headerAt = i;
      } catch (e) {
        noContent ??= e;
      }
    }
    if (!this.header && noContent) throw noContent;
    if (this.header) {
      const m = this.header.mapping;
      this.watched = [m.group, m.subgroup, m.code, m.content].filter((c) => c >= 0);
      for (const skipped of this.scan.slice(0, this.headerAt)) this.problems.push({ line: skipped.line, code: 'pack.skippedBeforeHeader' });
    } else {
      this.watched = [0, 1, 2];
    }
    for (const r of this.scan.slice(this.headerAt + 1)) this.addBody(r);
  }

  private addBody(r: SheetRow): void {
    if (!this.header) {
      if (r.width > 3) throw new XiaoniuError('pack.tooManyColumns', { line: r.line, found: r.width });
      this.columns = Math.max(this.columns, r.width);
    }
    this.body.push({ line: r.line, picked: this.watched.map((c) => r.cells[c] ?? '') });
  }

  finish(): ParsedPack {
    if (!this.decided) this.decide();
    if (this.body.length === 0 && this.scan.length === 0) throw new XiaoniuError('pack.empty');
    this.fillMerges();

    // The mapping over `picked` positions, and over sheet columns for the preview.
    let mapping: ColumnMapping;
    if (this.header) {
      mapping = this.header.mapping;
    } else {
      const firstCells = this.body.map((b) => (typeof b.picked[0] === 'string' ? b.picked[0] : ''));
      mapping = inferMapping(Math.max(1, this.columns) as 1 | 2 | 3, firstCells);
    }
    const at = (column: number) => (column >= 0 ? this.watched.indexOf(column) : -1);
    const picked: ColumnMapping = { group: at(mapping.group), subgroup: at(mapping.subgroup), code: at(mapping.code), content: at(mapping.content) };
    const used = [mapping.group, mapping.subgroup, mapping.code, mapping.content].filter((c) => c >= 0);

    const rows: PackRow[] = [];
    for (const r of this.body) {
      const missing = used.find((c) => typeof r.picked[at(c)] === 'object');
      if (missing !== undefined) {
        this.problems.push({ line: r.line, code: 'pack.formulaWithoutValue', params: { cell: columnLetter(missing) + r.line } });
        continue;
      }
      const cells = plain(r.picked);
      rows.push({
        line: r.line,
        group: groupOf(cells, picked),
        code: picked.code >= 0 ? (cells[picked.code] ?? '') : '',
        content: cells[picked.content] ?? '',
      });
    }
    return {
      format: 'xlsx',
      encoding: 'utf-8',
      headerRecognised: this.header !== null,
      header: this.header ? plain(this.scan[this.headerAt]!.cells) : [],
      mapping,
      ignoredColumns: this.header ? this.header.ignoredColumns : [],
      rows,
      problems: this.problems,
    };
  }

  /**
   * Repeats each vertical merge's top cell down its range, in the merge's first column, into the
   * body rows that have that cell empty. One sweep per watched column over rows and ranges sorted
   * by row: O((rows + merges) log) whatever the ranges claim.
   */
  private fillMerges(): void {
    if (!this.merges.length || !this.body.length) return;
    const ordered = isSortedByLine(this.body) ? this.body : [...this.body].sort((a, b) => a.line - b.line);
    this.watched.forEach((column, k) => {
      const ranges = this.merges.filter((m) => m.column === column).sort((a, b) => a.firstRow - b.firstRow);
      if (!ranges.length) return;
      // The top cells' values, from every row read (a range may start on a row above the header).
      const tops = new Map<number, CellText>(ranges.map((m) => [m.firstRow, '']));
      for (const r of this.scan) if (tops.has(r.line)) tops.set(r.line, r.cells[column] ?? '');
      for (const r of this.body) if (tops.has(r.line)) tops.set(r.line, r.picked[k]!);
      let next = 0;
      let current: SheetMerge | undefined;
      for (const r of ordered) {
        while (next < ranges.length && ranges[next]!.firstRow <= r.line) current = ranges[next++];
        if (current && r.line > current.firstRow && r.line <= current.lastRow && r.picked[k] === '') r.picked[k] = tops.get(current.firstRow)!;
      }
    });
  }
}

function isSortedByLine(rows: readonly BodyRow[]): boolean {
  for (let i = 1; i < rows.length; i++) if (rows[i]!.line < rows[i - 1]!.line) return false;
  return true;
}

/** 0 → `A`, 25 → `Z`, 26 → `AA`. */
function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
