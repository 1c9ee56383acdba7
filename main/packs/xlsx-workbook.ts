import { EXCEL_WORKBOOK_PART } from './types';
import { XiaoniuError } from '../shared/errors';
import { parseXmlPart } from './xlsx-xml';
import type { Archive, ArchivePart } from './zip-archive';

export { EXCEL_WORKBOOK_PART } from './types';

/**
 * What the reader needs from a workbook before its first worksheet: where that sheet is, the
 * shared-string table, each cell style's number format, and the date system. Parts are found by
 * their relationships (ECMA-376 Part 2 §9, Part 1 §12.3), not by the names Excel happens to use.
 */

/**
 * Inflated size allowed per part, in bytes. A 100,000-phrase workbook as Xiaoniu (or Excel) writes
 * it has an 18 MB sheet and 18 MB of shared strings; the caps leave room for 3–7 times that and
 * bound what a forged file costs (measured through the CLI on the 2-core build machine: a 1 GB
 * sheet declaring 120 MB is inflated as a stream and refused past Excel's last row in 4.4 s at a
 * 345 MB peak; 60 MB of one-letter shared strings are read in 5.4 s at 250 MB).
 */
export const PART_CAPS = {
  sheet: 128 * 1024 * 1024,
  sharedStrings: 64 * 1024 * 1024,
  /** Relationships, the workbook part, styles: kilobytes in real files. */
  other: 16 * 1024 * 1024,
} as const;

/** A cell style's number format, as far as turning a number into text needs it. */
export interface CellFormat {
  /** The format code (`000`, `0.00`, `yyyy-mm-dd` …), when known. */
  code: string | undefined;
  /** True for a date or time format: the number is a date serial. */
  date: boolean;
}

/** The workbook around its first worksheet. */
export interface WorkbookInfo {
  /** The first worksheet in tab order; null when the workbook has none. */
  sheet: ArchivePart | null;
  sharedStrings: string[];
  /** By cell style index (`<c s="…">`). */
  formats: CellFormat[];
  /** `<workbookPr date1904="1">`: serial 0 is 1904-01-01 instead of 1899-12-30 (Mac Excel 2008). */
  date1904: boolean;
}

const REL_TYPE_SUFFIX = { officeDocument: '/officeDocument', worksheet: '/worksheet', sharedStrings: '/sharedStrings', styles: '/styles' };

/**
 * Reads the workbook's relationships, workbook part, styles and shared strings. Throws
 * `pack.notAPhrasePack` for a ZIP that holds no workbook (a .docx, a zipped folder),
 * `pack.xlsxDamaged` / `pack.xlsxTooLarge` from the parts themselves.
 */
export async function readWorkbook(archive: Archive): Promise<WorkbookInfo> {
  const bookPart = archive.part(await mainPartName(archive));
  if (!bookPart) throw new XiaoniuError('pack.notAPhrasePack');

  const sheetIds: string[] = [];
  let date1904 = false;
  let inSheets = false;
  await parseXmlPart(archive, bookPart, PART_CAPS.other, {
    open(el) {
      if (el.name === 'workbookPr') date1904 = isTrue(el.attributes.date1904);
      else if (el.name === 'sheets') inSheets = true;
      else if (el.name === 'sheet' && inSheets) {
        // `r:id` under whatever prefix the file binds to the relationships namespace.
        const id = Object.entries(el.attributes).find(([k]) => k.endsWith(':id'))?.[1];
        if (id !== undefined) sheetIds.push(id);
      }
    },
    close(name) {
      if (name === 'sheets') inSheets = false;
    },
  });

  const bookRels = await readRelationships(archive, bookPart.name);
  const byId = new Map(bookRels.map((r) => [r.id, r]));
  let sheet: ArchivePart | null = null;
  // Tab order is the order of <sheet> elements; a chart sheet first is skipped, as Excel's
  // "first worksheet" would be.
  for (const id of sheetIds) {
    const rel = byId.get(id);
    if (rel && rel.type.endsWith(REL_TYPE_SUFFIX.worksheet)) {
      sheet = archive.part(rel.target) ?? null;
      if (!sheet) throw new XiaoniuError('pack.xlsxDamaged');
      break;
    }
  }
  const partOf = (suffix: string) => {
    const rel = bookRels.find((r) => r.type.endsWith(suffix));
    return rel ? archive.part(rel.target) : undefined;
  };
  const stylesPart = partOf(REL_TYPE_SUFFIX.styles);
  const stringsPart = partOf(REL_TYPE_SUFFIX.sharedStrings);
  return {
    sheet,
    sharedStrings: stringsPart && sheet ? await readSharedStrings(archive, stringsPart) : [],
    formats: stylesPart && sheet ? await readFormats(archive, stylesPart) : [],
    date1904,
  };
}


/**
 * The name of the package's main part: the target of the `officeDocument` relationship in
 * `_rels/.rels` (ECMA-376 Part 1 §9.1; transitional and strict relationship types alike), else
 * {@link EXCEL_WORKBOOK_PART}. Throws `pack.xlsxDamaged` / `pack.xlsxTooLarge` for a broken
 * relationships part.
 */
export async function mainPartName(archive: Archive): Promise<string> {
  const rootRels = await readRelationships(archive, '');
  return rootRels.find((r) => r.type.endsWith(REL_TYPE_SUFFIX.officeDocument))?.target ?? EXCEL_WORKBOOK_PART;
}

/**
 * Content types of a SpreadsheetML workbook part, lower-cased (media types compare ignoring case,
 * RFC 2045 §5.1): a workbook and a template (ECMA-376 Part 1 §12.3, the workbook part), and Excel's
 * macro-enabled workbook, template and add-in (.xlsm, .xltm, .xlam; [MS-OFFMACRO2]) — all read the
 * same way.
 */
const WORKBOOK_CONTENT_TYPES: ReadonlySet<string> = new Set([
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml',
  'application/vnd.ms-excel.sheet.macroenabled.main+xml',
  'application/vnd.ms-excel.template.macroenabled.main+xml',
  'application/vnd.ms-excel.addin.macroenabled.main+xml',
]);

/** Inflated bytes read of `[Content_Types].xml` when sniffing: a few KB in real files. */
const CONTENT_TYPES_CAP = 1024 * 1024;

/**
 * Whether `archive` is a SpreadsheetML workbook that {@link readWorkbook} will find: its main
 * part (see {@link mainPartName}, the way the reader resolves it) exists and either
 * `[Content_Types].xml` gives it a workbook content type (an `Override` for its name, else the
 * `Default` for its extension — the Content Types stream of ECMA-376 Part 2) or its own relationships name a
 * worksheet. So a workbook whose main part is not called `xl/workbook.xml` is recognised, and a
 * .docx or .pptx — whose main part is a document or a presentation — is not.
 *
 * Cheap: besides the central directory it inflates at most `_rels/.rels`, `[Content_Types].xml`
 * (capped at 1 MB) and the main part's relationships, never a sheet. A part that is not
 * well-formed counts as saying nothing. Never throws.
 */
export async function isWorkbookPackage(archive: Archive): Promise<boolean> {
  try {
    const main = await mainPartName(archive);
    const mainPart = archive.part(main);
    if (!mainPart) return false;
    if (WORKBOOK_CONTENT_TYPES.has(await contentTypeOf(archive, main))) return true;
    const rels = await readRelationships(archive, mainPart.name);
    return rels.some((r) => r.type.endsWith(REL_TYPE_SUFFIX.worksheet));
  } catch {
    return false;
  }
}

/** The content type `[Content_Types].xml` gives the part `name`, lower-cased; `''` when none. */
async function contentTypeOf(archive: Archive, name: string): Promise<string> {
  const part = archive.part('[Content_Types].xml');
  if (!part) return '';
  const key = name.toLowerCase();
  const ext = key.includes('.') ? key.slice(key.lastIndexOf('.') + 1) : '';
  let override: string | undefined;
  let byExtension: string | undefined;
  await parseXmlPart(archive, part, CONTENT_TYPES_CAP, {
    open(el) {
      const type = el.attributes.ContentType;
      if (type === undefined) return;
      // Part names start with `/` and compare ignoring ASCII case (ECMA-376 Part 2, part names).
      if (el.name === 'Override' && el.attributes.PartName?.replace(/^\/+/, '').toLowerCase() === key) override = type;
      else if (el.name === 'Default' && el.attributes.Extension?.toLowerCase() === ext) byExtension = type;
    },
  });
  return (override ?? byExtension ?? '').trim().toLowerCase();
}

interface Relationship {
  id: string;
  type: string;
  /** The target part's name, resolved against the source part's folder. */
  target: string;
}

/** The relationships of `source` (`''` for the package itself), from `<dir>/_rels/<name>.rels`. */
async function readRelationships(archive: Archive, source: string): Promise<Relationship[]> {
  const dir = source.includes('/') ? source.slice(0, source.lastIndexOf('/') + 1) : '';
  const part = archive.part(`${dir}_rels/${source.slice(dir.length)}.rels`);
  if (!part) return [];
  const rels: Relationship[] = [];
  await parseXmlPart(archive, part, PART_CAPS.other, {
    open(el) {
      const { Id, Type, Target, TargetMode } = el.attributes;
      if (el.name !== 'Relationship' || !Id || !Type || !Target || TargetMode === 'External') return;
      rels.push({ id: Id, type: Type, target: resolvePartName(dir, Target) });
    },
  });
  return rels;
}

/** `worksheets/sheet1.xml` from `xl/` → `xl/worksheets/sheet1.xml`; `/xl/a.xml` is absolute. */
function resolvePartName(dir: string, target: string): string {
  const segments = (target.startsWith('/') ? target.slice(1) : dir + target).split('/');
  const out: string[] = [];
  for (const s of segments) {
    if (s === '..') out.pop();
    else if (s !== '.' && s !== '') out.push(s);
  }
  return out.join('/');
}

/**
 * The shared-string table (`<sst>`): each `<si>` is the text of its `<t>` elements — one, or one
 * per rich-text run — without the phonetic guides (`<rPh>`, furigana/pinyin) Excel stores beside
 * East Asian text. `_xHHHH_` escapes are decoded (see {@link decodeXmlEscapes}).
 */
async function readSharedStrings(archive: Archive, part: ArchivePart): Promise<string[]> {
  const strings: string[] = [];
  let parts: string[] | null = null;
  let inT = false;
  let phonetic = 0;
  await parseXmlPart(archive, part, PART_CAPS.sharedStrings, {
    open(el) {
      if (el.name === 'si') parts = [];
      else if (el.name === 'rPh') phonetic++;
      else if (el.name === 't' && parts && !phonetic) inT = true;
    },
    text(t) {
      if (inT) parts!.push(t);
    },
    close(name) {
      if (name === 't') inT = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si' && parts) {
        strings.push(decodeXmlEscapes(parts.join('')));
        parts = null;
      }
    },
  });
  return strings;
}

/**
 * The built-in number formats a phrase pack can meet (ECMA-376 Part 1 §18.8.30): the ones that are
 * dates or times, and `0` / `@`; the rest read as General.
 */
const BUILTIN_FORMATS: Record<number, string> = { 1: '0', 49: '@' };
/** Built-in date/time format ids: 14–22 and 45–47 everywhere, 27–36 and 50–58 in CJK locales. */
const BUILTIN_DATE_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** A custom format is a date when, outside quotes and `[…]` (colours, locales, elapsed), it has y m d h s. */
export function isDateFormat(code: string): boolean {
  return /[ymdhsMb]/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '').replace(/\\./g, ''));
}

/** Each cell style's (`<cellXfs><xf numFmtId>`) number format. */
async function readFormats(archive: Archive, part: ArchivePart): Promise<CellFormat[]> {
  const custom = new Map<number, string>();
  const xfIds: number[] = [];
  let inCellXfs = false;
  await parseXmlPart(archive, part, PART_CAPS.other, {
    open(el) {
      if (el.name === 'numFmt') {
        const id = Number(el.attributes.numFmtId);
        if (Number.isInteger(id) && el.attributes.formatCode !== undefined) custom.set(id, el.attributes.formatCode);
      } else if (el.name === 'cellXfs') inCellXfs = true;
      else if (el.name === 'xf' && inCellXfs) xfIds.push(Number(el.attributes.numFmtId ?? 0));
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return xfIds.map((id) => {
    const code = custom.get(id) ?? BUILTIN_FORMATS[id];
    return { code, date: custom.has(id) ? isDateFormat(code!) : BUILTIN_DATE_IDS.has(id) };
  });
}

/**
 * Decodes the `_xHHHH_` escapes of ECMA-376 Part 1 §22.9.2.19 (ST_Xstring): Excel writes control
 * characters such as CR as `_x000D_`, and a literal `_x0041_` as `_x005F_x0041_`.
 */
export function decodeXmlEscapes(s: string): string {
  return s.includes('_x') ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))) : s;
}

function isTrue(v: string | undefined): boolean {
  return v === '1' || v === 'true';
}
