import { XiaoniuError } from '../shared/errors';
import { clipQuoted } from '../shared/quote';
import { fold } from '../phrases/rules';
import type { ColumnMapping } from './types';

/**
 * Header-name → column matching shared by the CSV and Excel readers (docs/packs.md "Headers and
 * columns": found by header, in any order).
 */

/** A column role a header cell can name. */
export type ColumnRole = 'group' | 'subgroup' | 'code' | 'content';

/**
 * Known header names per role, in the folded form {@link normaliseHeaderCell} produces. Matching is
 * exact, never by substring: Qianniu's `快捷短语编码` must be a code and its `快捷短语` content, which
 * a substring test on 短语 would confuse.
 */
const NAMES: Record<ColumnRole, readonly string[]> = {
  group: ['分组', '分组名称', '分组名', '快捷短语分组', '一级分类', '分类', 'group', 'category'],
  subgroup: ['二级分类'],
  code: ['快捷编码', '快捷短语编码', '编码', '快捷键', '短码', 'shortcut', 'code'],
  content: ['短语内容', '快捷短语', '短语', '内容', '回复内容', '话术内容', 'content', 'phrase', 'text'],
};

const ROLE_BY_NAME = new Map<string, ColumnRole>();
for (const role of Object.keys(NAMES) as ColumnRole[]) for (const name of NAMES[role]) ROLE_BY_NAME.set(fold(name), role);

/** The Wangwang-era header whose files escape line breaks and commas as `&#13;` `&#10;` `&#44;`. */
const WANGWANG_HEADER = ['快捷编码', '快捷短语', '快捷短语分组'].map(fold).sort().join('\u0000');

/**
 * A trailing note in brackets, e.g. `（必填）` in `话术内容（必填）`. NFKC (inside `fold`) has already
 * turned full-width （） and ［］ into ASCII; 【】 survive NFKC, so they are listed too.
 */
const TRAILING_NOTE = /\s*(?:(?:\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】)\s*)+$/u;

/**
 * The comparable form of a header cell: BOM dropped, trimmed, NFKC + case folded, one trailing
 * bracketed notes removed (`话术内容（必填）（最多2000字）` too), trimmed again. `'  Content (required) '` → `'content'`.
 */
export function normaliseHeaderCell(cell: string): string {
  const folded = fold(cell.replace(/^\uFEFF/, '').trim());
  return folded.replace(TRAILING_NOTE, '').trim();
}

/** The role a header cell names, or null for an unknown (or empty) cell. */
export function roleOf(cell: string): ColumnRole | null {
  return ROLE_BY_NAME.get(normaliseHeaderCell(cell)) ?? null;
}

/** The outcome of matching a candidate header row. */
export interface HeaderMatch {
  mapping: ColumnMapping;
  /** Non-empty cells naming no known column, or naming a role an earlier cell already took. */
  ignoredColumns: string[];
  /** True for `快捷编码,快捷短语,快捷短语分组` (any order): decode the Wangwang escapes. */
  wangwang: boolean;
}

/**
 * Decides whether `cells` is a header row and maps its columns.
 *
 * The rule (docs/packs.md "Headers and columns"): a row is a header when one of its cells
 * names the content column, or when at least two cells name two different known roles. A single
 * stray match such as a data row whose group happens to be `分类` is therefore data, not a header;
 * a lone `内容` in a one-column file is a header. When several cells name the same role the first
 * wins and the others are reported as ignored.
 *
 * Returns null when the row is not a header. Throws `pack.noContentColumn` {columns} when it is a
 * header (two or more known names) but none of them is a content column.
 */
export function matchHeader(cells: readonly string[]): HeaderMatch | null {
  const mapping: ColumnMapping = { group: -1, code: -1, content: -1, subgroup: -1 };
  const ignoredColumns: string[] = [];
  let roles = 0;
  cells.forEach((cell, index) => {
    const role = roleOf(cell);
    if (role && mapping[role] === -1) {
      mapping[role] = index;
      roles++;
    } else if (cell.trim() !== '') {
      ignoredColumns.push(cell.replace(/^\uFEFF/, '').trim());
    }
  });
  if (mapping.content === -1) {
    if (roles >= 2) {
      // Each name in “” and a space between: punctuation both catalogues' sentences share.
      throw new XiaoniuError('pack.noContentColumn', {
        columns: cells
          .map((c) => c.replace(/^\uFEFF/, '').trim())
          .filter(Boolean)
          .map((c) => `“${clipQuoted(c)}”`)
          .join(' '),
      });
    }
    return null;
  }
  const known = cells.map(normaliseHeaderCell).filter((c) => ROLE_BY_NAME.has(c));
  const wangwang = known.length === 3 && [...known].sort().join('\u0000') === WANGWANG_HEADER;
  return { mapping, ignoredColumns, wangwang };
}

/** An ASCII shortcut code as the headerless two-column rule means it (optional leading `/`). */
export const ASCII_CODE = /^\/?[A-Za-z0-9_-]{1,32}$/;

/**
 * The mapping used without a recognised header (docs/packs.md "CSV and text files"): 3 columns are
 * group, code, content (our own export order); 2 are code, content when every non-empty first cell
 * looks like an ASCII shortcut code (letters, digits, `-`, `_`, at most 32, an optional leading
 * `/`), otherwise group, content; 1 is content. `firstCells` are the first cells of the data
 * records.
 */
export function inferMapping(columns: 1 | 2 | 3, firstCells: Iterable<string>): ColumnMapping {
  if (columns === 3) return { group: 0, code: 1, content: 2, subgroup: -1 };
  if (columns === 1) return { group: -1, code: -1, content: 0, subgroup: -1 };
  for (const raw of firstCells) {
    const cell = raw.trim();
    if (cell !== '' && !ASCII_CODE.test(cell)) return { group: 0, code: -1, content: 1, subgroup: -1 };
  }
  return { group: -1, code: 0, content: 1, subgroup: -1 };
}

/**
 * The group of a row: `一级分类/二级分类` when the row has a non-empty 二级分类 cell (just the
 * subgroup when the group cell is empty), else the group cell, else `''`.
 */
export function groupOf(cells: readonly string[], mapping: ColumnMapping): string {
  const group = mapping.group >= 0 ? (cells[mapping.group] ?? '') : '';
  const sub = mapping.subgroup >= 0 ? (cells[mapping.subgroup] ?? '') : '';
  if (sub.trim() === '') return group;
  return group.trim() === '' ? sub : `${group.trim()}/${sub.trim()}`;
}
