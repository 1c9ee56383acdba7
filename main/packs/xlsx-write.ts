import * as yazl from 'yazl';
import { CSV_HEADER } from './csv';
import { XML_INVALID } from './xml';
import type { ExportPhrase } from './types';

/**
 * Writes our Excel layout (.xlsx, ECMA-376 "Office Open XML" Part 1 SpreadsheetML) as XML text
 * zipped by yazl, instead of building exceljs' cell-object model: 100,000 phrases took exceljs
 * 19.5 s and 947 MB of memory on the main process. The parts are the minimal set Excel, WPS,
 * LibreOffice and our own reader open: content types, package and workbook relationships, the
 * workbook, styles, shared strings and one worksheet.
 */

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** The sheet's name, as the tab shows it. */
export const XLSX_SHEET_NAME = '快捷短语';

/**
 * Cell styles (`<cellXfs>` indexes). Every column is formatted `@` (Text, built-in format 49), so a
 * code `001` typed later in Excel is not turned into 1, and every cell is a string cell, so `=1+1`
 * stays text without an apostrophe.
 */
const STYLE = { text: 1, header: 2, content: 3 } as const;

const STYLES =
  XML_DECL +
  `<styleSheet xmlns="${NS}">` +
  `<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>` +
  `<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
  `<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
  `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
  `<cellXfs count="4">` +
  `<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
  `<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
  `<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>` +
  `<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>` +
  `</cellXfs>` +
  `<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
  `</styleSheet>`;

const CONTENT_TYPES =
  XML_DECL +
  `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
  `<Default Extension="xml" ContentType="application/xml"/>` +
  `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
  `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
  `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
  `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>` +
  `</Types>`;

const ROOT_RELS =
  XML_DECL + `<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;

const WORKBOOK =
  XML_DECL +
  `<workbook xmlns="${NS}" xmlns:r="${REL}"><bookViews><workbookView/></bookViews>` +
  `<sheets><sheet name="${XLSX_SHEET_NAME}" sheetId="1" r:id="rId1"/></sheets></workbook>`;

const WORKBOOK_RELS =
  XML_DECL +
  `<Relationships xmlns="${PKG_REL}">` +
  `<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
  `<Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/>` +
  `<Relationship Id="rId3" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` +
  `</Relationships>`;

/**
 * One string as sheet text: characters XML 1.0 cannot carry dropped (Excel would call the file
 * corrupt), line breaks LF, and a literal `_x0041_`-style sequence escaped as `_x005F_x0041_` —
 * Excel decodes `_xHHHH_` when reading (ECMA-376 Part 1 §22.9.2.19), so without this the text
 * would come back as `A`.
 */
function sheetText(s: string): string {
  return s
    .replace(XML_INVALID, '')
    .replace(/\r\n?/g, '\n')
    .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1');
}

/** Escapes text for an XML element (`&`, `<`, `>`; `"` too, harmless in text). */
function escapeXml(s: string): string {
  return /[&<>"]/.test(s) ? s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;') : s;
}

/** `<t>` keeps leading/trailing spaces and line breaks only with xml:space="preserve". */
function t(text: string): string {
  return /^[\s]|[\s]$/.test(text) ? `<t xml:space="preserve">${escapeXml(text)}</t>` : `<t>${escapeXml(text)}</t>`;
}

/**
 * Our Excel layout: one sheet 快捷短语 with the CSV header 分组, 快捷编码, 短语内容 (bold, frozen)
 * and one row per phrase, all cells shared-string text cells in `@`-formatted columns (see
 * {@link STYLE}); a null code is an absent cell. Returns the file bytes. The output depends on the
 * phrases only (parts stamped 1980-01-01, as Excel stamps them), so the same list exports to the
 * same bytes.
 */
export async function writeXlsx(phrases: readonly ExportPhrase[]): Promise<Uint8Array> {
  const strings = new Map<string, number>();
  const table: string[] = [];
  const index = (s: string): number => {
    let i = strings.get(s);
    if (i === undefined) {
      strings.set(s, (i = table.length));
      table.push(s);
    }
    return i;
  };
  const cell = (ref: string, style: number, text: string) => `<c r="${ref}" s="${style}" t="s"><v>${index(sheetText(text))}</v></c>`;

  const rows: string[] = [
    `<row r="1">${cell('A1', STYLE.header, CSV_HEADER[0])}${cell('B1', STYLE.header, CSV_HEADER[1])}${cell('C1', STYLE.header, CSV_HEADER[2])}</row>`,
  ];
  let r = 1;
  for (const p of phrases) {
    r++;
    rows.push(
      `<row r="${r}">${cell(`A${r}`, STYLE.text, p.group)}${p.code ? cell(`B${r}`, STYLE.text, p.code) : ''}${cell(`C${r}`, STYLE.content, p.content)}</row>`,
    );
  }
  const sheet =
    XML_DECL +
    `<worksheet xmlns="${NS}" xmlns:r="${REL}"><dimension ref="A1:C${r}"/>` +
    `<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>` +
    `<sheetFormatPr defaultRowHeight="15"/>` +
    `<cols><col min="1" max="1" width="16" style="${STYLE.text}" customWidth="1"/><col min="2" max="2" width="14" style="${STYLE.text}" customWidth="1"/>` +
    `<col min="3" max="3" width="60" style="${STYLE.content}" customWidth="1"/></cols>` +
    `<sheetData>${rows.join('')}</sheetData></worksheet>`;
  const sharedStrings =
    XML_DECL + `<sst xmlns="${NS}" count="${table.length}" uniqueCount="${table.length}">${table.map((s) => `<si>${t(s)}</si>`).join('')}</sst>`;

  const zip = new yazl.ZipFile();
  const options = { mtime: new Date(1980, 0, 1), forceDosTimestamp: true, compressionLevel: 6 };
  const add = (name: string, text: string) => zip.addBuffer(Buffer.from(text, 'utf8'), name, options);
  add('[Content_Types].xml', CONTENT_TYPES);
  add('_rels/.rels', ROOT_RELS);
  add('xl/workbook.xml', WORKBOOK);
  add('xl/_rels/workbook.xml.rels', WORKBOOK_RELS);
  add('xl/styles.xml', STYLES);
  add('xl/sharedStrings.xml', sharedStrings);
  add('xl/worksheets/sheet1.xml', sheet);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  const out = Buffer.concat(chunks);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
