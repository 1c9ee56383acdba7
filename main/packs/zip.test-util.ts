import zlib from 'node:zlib';

/**
 * Builds .xlsx files byte by byte for the reader's tests, including the hostile ones no spreadsheet
 * program writes: a central directory that lies about sizes, a gigabyte of sheet in a few MB.
 * (Test-only: APPNOTE.TXT 6.3, "4.3.7 Local file header", "4.3.12 Central directory",
 * "4.3.16 End of central directory record", https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT)
 */

/** One stored part: its name, its deflated bytes, and what the headers declare. */
export interface ZipPart {
  name: string;
  /** Raw-deflate bytes of the content (method 8). */
  deflated: Uint8Array;
  /** The real inflated size and CRC-32 … */
  size: number;
  crc: number;
  /** … and what the local header and the central directory say instead (a lie), when given. */
  declaredSize?: number;
}

/** A part whose content is `text` (UTF-8), deflated. */
export function part(name: string, text: string | Uint8Array): ZipPart {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text);
  return { name, deflated: zlib.deflateRawSync(bytes), size: bytes.length, crc: zlib.crc32(bytes) };
}

/**
 * A part whose content is `head`, then `chunk` repeated `times`, then `tail` — a gigabyte costs a
 * few MB and a second or two: each chunk is deflated once, ending on a full flush (an empty stored
 * block that resets the dictionary), so its bytes can be repeated verbatim (RFC 1951 §3.2.3-4).
 */
export function repeatedPart(name: string, head: string, chunk: string, times: number, tail: string): ZipPart {
  const full = { finishFlush: zlib.constants.Z_FULL_FLUSH };
  const h = Buffer.from(head);
  const c = Buffer.from(chunk);
  const t = Buffer.from(tail);
  const dh = zlib.deflateRawSync(h, full);
  const dc = zlib.deflateRawSync(c, full);
  const dt = zlib.deflateRawSync(t); // ends with the final block
  const deflated = Buffer.alloc(dh.length + dc.length * times + dt.length);
  dh.copy(deflated, 0);
  for (let i = 0; i < times; i++) dc.copy(deflated, dh.length + i * dc.length);
  dt.copy(deflated, dh.length + dc.length * times);
  let crc = zlib.crc32(h);
  for (let i = 0; i < times; i++) crc = zlib.crc32(c, crc);
  crc = zlib.crc32(t, crc);
  return { name, deflated, size: h.length + c.length * times + t.length, crc };
}

/** A ZIP of `parts` (method 8, sizes as declared, ZIP64 not used: parts stay under 4 GB). */
export function zip(parts: readonly ZipPart[]): Uint8Array {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf8');
    const size = p.declaredSize ?? p.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(p.crc >>> 0, 14);
    local.writeUInt32LE(p.deflated.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(p.crc >>> 0, 16);
    entry.writeUInt32LE(p.deflated.length, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    chunks.push(local, name, Buffer.from(p.deflated.buffer, p.deflated.byteOffset, p.deflated.byteLength));
    central.push(entry, name);
    offset += local.length + name.length + p.deflated.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...chunks, dir, end]));
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/**
 * The parts of a one-sheet workbook around `sheet` (the worksheet part, already built), with
 * optional shared strings. What Excel needs to open it, nothing more.
 */
export function workbook(sheet: ZipPart, sharedStrings?: ZipPart): Uint8Array {
  const types =
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
    `<Default Extension="xml" ContentType="application/xml"/>` +
    `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
    `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
    (sharedStrings ? `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>` : '') +
    `</Types>`;
  const rels =
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
  const book =
    `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${REL}">` +
    `<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`;
  const bookRels =
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    `<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
    (sharedStrings ? `<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` : '') +
    `</Relationships>`;
  return zip([
    part('[Content_Types].xml', types),
    part('_rels/.rels', rels),
    part('xl/workbook.xml', book),
    part('xl/_rels/workbook.xml.rels', bookRels),
    ...(sharedStrings ? [sharedStrings] : []),
    sheet,
  ]);
}

/** `<row>` of inline-string cells in columns A, B, C … (null leaves a column out). */
export function row(r: number, cells: readonly (string | null)[]): string {
  const xml = cells
    .map((v, i) => (v === null ? '' : `<c r="${String.fromCharCode(65 + i)}${r}" t="inlineStr"><is><t>${v}</t></is></c>`))
    .join('');
  return `<row r="${r}">${xml}</row>`;
}

/** A worksheet part from its `<sheetData>` rows and whatever follows them (`<mergeCells>` …). */
export function sheet(rows: string, after = '', dimension = ''): ZipPart {
  return part(
    'xl/worksheets/sheet1.xml',
    `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}">${dimension}<sheetData>${rows}</sheetData>${after}</worksheet>`,
  );
}

/** A small, valid phrase sheet: header 分组/快捷编码/短语内容 and two phrases. */
export const PHRASE_ROWS = row(1, ['分组', '快捷编码', '短语内容']) + row(2, ['售前', 'hi', '亲，在的']) + row(3, ['售后', 'th', '支持七天无理由退换货']);

/** The hostile workbooks found while trying to break the reader, each a few KB (the bombs a few MB). */
export const hostile = {
  /** One merge over D3:XFD1048576 — 17 billion cells for a reader that expands merges. */
  hugeMerge: () => workbook(sheet(PHRASE_ROWS, '<mergeCells count="1"><mergeCell ref="D3:XFD1048576"/></mergeCells>')),
  /** 100,000 small merges (2×2 blocks down the first columns and beyond the data). */
  manyMerges: (n = 100_000) => {
    const merges: string[] = [];
    for (let i = 0; i < n; i++) {
      const top = 4 + (i % 50_000) * 2;
      const col = i < 50_000 ? 'A' : 'D';
      const col2 = i < 50_000 ? 'B' : 'E';
      merges.push(`<mergeCell ref="${col}${top}:${col2}${top + 1}"/>`);
    }
    return workbook(sheet(PHRASE_ROWS, `<mergeCells count="${n}">${merges.join('')}</mergeCells>`));
  },
  /** A row numbered 4,294,967,294 (Excel's last row is 1,048,576). */
  hugeRowNumber: () => workbook(sheet(PHRASE_ROWS + row(4294967294, ['售后', 'zz', '最后一行']))),
  /** A dimension claiming every cell of the sheet, over a tiny sheetData. */
  hugeDimension: () => workbook(sheet(PHRASE_ROWS, '', '<dimension ref="A1:XFD1048576"/>')),
  /** A sheet of `gigabytes` GB of phrase rows (no `r`, so they count up), sizes declared truthfully. */
  zipBomb: (gigabytes = 1) => workbook(bombSheet(gigabytes)),
  /** The same bomb whose headers claim the sheet is 2 KB. */
  lyingZipBomb: (gigabytes = 1) => workbook({ ...bombSheet(gigabytes), declaredSize: 2048 }),
  /** The same bomb claiming 120 MB — just under the sheet cap — so it is inflated and parsed. */
  bombUnderTheCap: (gigabytes = 1) => workbook({ ...bombSheet(gigabytes), declaredSize: 120 * 1024 * 1024 }),
  /** 60 MB of one-letter shared strings (3.7 million of them) under a two-row sheet. */
  sharedStringsBomb: () => {
    const si = '<si><t>a</t></si>';
    const chunk = si.repeat(Math.floor((1 << 20) / si.length));
    const strings = repeatedPart('xl/sharedStrings.xml', `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN}">`, chunk, 60, '</sst>');
    return workbook(sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row>'), strings);
  },
  /** Rows that all claim to be row 7: a million of them, and more. */
  repeatedRowNumber: () =>
    workbook({ ...repeatedPart('xl/worksheets/sheet1.xml', `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>`, '<row r="7"><c r="A7" t="inlineStr"><is><t>x</t></is></c></row>'.repeat(10_000), 120, '</sheetData></worksheet>') }),
};

function bombSheet(gigabytes: number): ZipPart {
  const oneRow = '<row><c t="inlineStr"><is><t>亲，在的</t></is></c></row>';
  const chunk = oneRow.repeat(Math.floor((1 << 20) / Buffer.byteLength(oneRow)));
  const times = Math.ceil((gigabytes * 1024 ** 3) / Buffer.byteLength(chunk));
  return repeatedPart('xl/worksheets/sheet1.xml', `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>`, chunk, times, '</sheetData></worksheet>');
}
