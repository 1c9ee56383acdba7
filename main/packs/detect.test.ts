import iconv from 'iconv-lite';
import * as yazl from 'yazl';
import { describe, expect, it } from 'vitest';
import { fixture, rejection, thrown, utf8 } from './testkit.test-util';
import { assertLooksLikeText, countJunk, decodeStrict, decodeText, sniffContainer, sniffTextFormat, utf8LineInGbk } from './detect';
import { readPack } from './read';

const bytes = (...b: number[]) => new Uint8Array(b);

describe('sniffContainer', () => {
  it('refuses an empty file', async () => {
    expect((await rejection(sniffContainer(new Uint8Array(0)))).code).toBe('pack.empty');
  });

  it('refuses a legacy .xls (OLE2) with its own code so the message can say "save as .xlsx"', async () => {
    expect((await rejection(sniffContainer(fixture('legacy.xls')))).code).toBe('pack.legacyXls');
  });

  it('takes a ZIP holding xl/workbook.xml for a workbook', async () => {
    expect(await sniffContainer(fixture('team-template.xlsx'))).toBe('xlsx');
  });

  it('refuses any other ZIP (a .docx, a zipped folder)', async () => {
    const zip = Buffer.concat([Buffer.from('504b0304', 'hex'), Buffer.from('....word/document.xml....')]);
    expect((await rejection(sniffContainer(zip))).code).toBe('pack.notAPhrasePack');
  });

  it('refuses PNG bytes even when the file is called .csv', async () => {
    expect((await rejection(sniffContainer(fixture('png-bytes.csv')))).code).toBe('pack.notAPhrasePack');
  });

  it('lets text through for decoding', async () => {
    expect(await sniffContainer(utf8('分组,快捷编码,短语内容\r\n'))).toBe('text');
  });
});

// ───────────── Office packages whose main part has another name ─────────────

const CT = 'http://schemas.openxmlformats.org/package/2006/content-types';
const PKG_RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const OFFICE_DOC = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument';
const WORKSHEET_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet';
const SML = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const WORKBOOK_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml';
const WORKSHEET_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';

/** A ZIP of `parts` (name → text, or raw bytes stored as is), written by yazl as the app writes workbooks. */
async function zipOf(parts: Record<string, string | Buffer>): Promise<Uint8Array> {
  const zip = new yazl.ZipFile();
  for (const [name, body] of Object.entries(parts)) zip.addBuffer(typeof body === 'string' ? Buffer.from(body, 'utf8') : body, name, { compress: typeof body === 'string' });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  return new Uint8Array(Buffer.concat(chunks));
}

const rels = (...r: [id: string, type: string, target: string][]) =>
  `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG_RELS}">${r.map(([id, type, target]) => `<Relationship Id="${id}" Type="${type}" Target="${target}"/>`).join('')}</Relationships>`;

const contentTypes = (overrides: Record<string, string>) =>
  `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="${CT}"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
  `<Default Extension="xml" ContentType="application/xml"/>${Object.entries(overrides).map(([name, type]) => `<Override PartName="${name}" ContentType="${type}"/>`).join('')}</Types>`;

const sheetXml = (rows: string[][]) =>
  `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${SML}"><sheetData>${rows
    .map((cells, r) => `<row r="${r + 1}">${cells.map((c, i) => `<c r="${String.fromCharCode(65 + i)}${r + 1}" t="inlineStr"><is><t>${c}</t></is></c>`).join('')}</row>`)
    .join('')}</sheetData></worksheet>`;

/**
 * A workbook whose workbook part is `book/main.xml` (not Excel's `xl/workbook.xml`), as other
 * tools write them; `declare` says whether [Content_Types].xml gives that part its workbook type.
 */
function renamedWorkbook(declare: boolean, sheet: string | Buffer = sheetXml([['分组', '快捷编码', '短语内容'], ['售前', 'hi', '亲，在的']])) {
  return zipOf({
    '[Content_Types].xml': contentTypes({
      ...(declare ? { '/BOOK/Main.xml': WORKBOOK_TYPE } : {}),
      '/book/sheets/s1.xml': WORKSHEET_TYPE,
    }),
    '_rels/.rels': rels(['rId1', OFFICE_DOC, 'book/main.xml']),
    'book/main.xml': `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${SML}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="话术" sheetId="1" r:id="rId7"/></sheets></workbook>`,
    'book/_rels/main.xml.rels': rels(['rId7', WORKSHEET_REL, 'sheets/s1.xml']),
    'book/sheets/s1.xml': sheet,
  });
}

describe('sniffContainer: a workbook is what its package says, not what its parts are called', () => {
  it('takes a workbook whose workbook part is renamed, by its content type, and the reader reads it', async () => {
    const bytes = await renamedWorkbook(true);
    expect(await sniffContainer(bytes)).toBe('xlsx');
    const pack = await readPack(bytes);
    expect(pack.format).toBe('xlsx');
    expect(pack.rows.map((r) => [r.group, r.code, r.content])).toEqual([['售前', 'hi', '亲，在的']]);
  });

  it('takes one whose content types leave the part generic, by the worksheet its relationships name', async () => {
    const bytes = await renamedWorkbook(false);
    expect(await sniffContainer(bytes)).toBe('xlsx');
    expect((await readPack(bytes)).rows).toHaveLength(1);
  });

  it('inflates no sheet to decide: a renamed workbook with a broken sheet is still sniffed as one', async () => {
    // Stored bytes that are no XML at all: only the reader, later, finds the sheet damaged.
    const bytes = await renamedWorkbook(true, Buffer.from([0x00, 0xff, 0xfe, 0x3c]));
    expect(await sniffContainer(bytes)).toBe('xlsx');
    expect((await rejection(readPack(bytes))).code).toBe('pack.xlsxDamaged');
  });

  it('refuses a .docx and a .pptx (their main part is a document or a presentation) as not a phrase pack', async () => {
    const docx = await zipOf({
      '[Content_Types].xml': contentTypes({ '/word/document.xml': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml' }),
      '_rels/.rels': rels(['rId1', OFFICE_DOC, 'word/document.xml']),
      'word/document.xml': '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>',
      'word/_rels/document.xml.rels': rels(['rId1', 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles', 'styles.xml']),
    });
    const pptx = await zipOf({
      '[Content_Types].xml': contentTypes({ '/ppt/presentation.xml': 'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml' }),
      '_rels/.rels': rels(['rId1', OFFICE_DOC, 'ppt/presentation.xml']),
      'ppt/presentation.xml': '<?xml version="1.0"?><p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>',
      'ppt/_rels/presentation.xml.rels': rels(['rId1', 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide', 'slides/slide1.xml']),
    });
    for (const bytes of [docx, pptx]) {
      expect((await rejection(sniffContainer(bytes))).code).toBe('pack.notAPhrasePack');
      expect((await rejection(readPack(bytes))).code).toBe('pack.notAPhrasePack');
    }
  });

  it('refuses a package that declares a workbook part it does not contain, and a plain zipped folder', async () => {
    const missing = await zipOf({
      '[Content_Types].xml': contentTypes({ '/book/main.xml': WORKBOOK_TYPE }),
      '_rels/.rels': rels(['rId1', OFFICE_DOC, 'book/main.xml']),
    });
    expect((await rejection(sniffContainer(missing))).code).toBe('pack.notAPhrasePack');
    const folder = await zipOf({ 'photos/a.txt': '亲，在的', 'notes.xml': '<notes/>' });
    expect((await rejection(sniffContainer(folder))).code).toBe('pack.notAPhrasePack');
  });
});

describe('decodeText', () => {
  it('reads UTF-8 with a BOM and strips exactly one BOM', () => {
    expect(decodeText(utf8('\uFEFF\uFEFF内容'))).toEqual({ text: '\uFEFF内容', encoding: 'utf-8' });
  });

  it('reads UTF-8 without a BOM', () => {
    expect(decodeText(utf8('内容,😊'))).toEqual({ text: '内容,😊', encoding: 'utf-8' });
  });

  it('reads UTF-16LE and UTF-16BE by their BOM', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('分组\t内容', 'utf16le')]);
    expect(decodeText(le)).toEqual({ text: '分组\t内容', encoding: 'utf-16le' });
    const be = Buffer.from(le).swap16();
    be[0] = 0xfe;
    be[1] = 0xff;
    expect(decodeText(be)).toEqual({ text: '分组\t内容', encoding: 'utf-16be' });
  });

  it('falls back to GB18030 when strict UTF-8 fails (Qianniu / Excel on Chinese Windows)', () => {
    const gbk = iconv.encode('快捷短语编码,快捷短语,快捷短语分组\r\nhi,亲，在的,售前\r\n', 'gbk');
    expect(decodeText(gbk)).toEqual({ text: '快捷短语编码,快捷短语,快捷短语分组\r\nhi,亲，在的,售前\r\n', encoding: 'gb18030' });
  });

  it('reads GB18030 four-byte sequences (emoji, rare characters) that GBK lacks', () => {
    expect(decodeText(iconv.encode('表情😊𠮷', 'gb18030')).text).toBe('表情😊𠮷');
  });

  it('honours a forced encoding, and says so when the bytes do not fit it', () => {
    const gbk = iconv.encode('亲，在的', 'gbk');
    expect(decodeText(gbk, 'gb18030').text).toBe('亲，在的');
    expect(thrown(() => decodeText(gbk, 'utf-8'))).toEqual({ code: 'pack.badEncoding', params: { encoding: 'UTF-8' } });
  });

  it('never produces U+FFFD: bytes neither UTF-8 nor GB18030 are refused', () => {
    // 0xFF is not a GB18030 lead byte and not valid UTF-8.
    expect(thrown(() => decodeText(bytes(0x61, 0xff, 0x62))).code).toBe('pack.notAPhrasePack');
  });

  it('honours the encoding declared by an XML file (GBK)', () => {
    expect(decodeText(fixture('pack-gbk.xml'))).toMatchObject({ encoding: 'gb18030' });
    expect(decodeText(fixture('pack-gbk.xml')).text).toContain('<group name="售后">');
  });

  it('reads XML declared UTF-16 through its BOM', () => {
    const { text, encoding } = decodeText(fixture('pack-utf16le.xml'));
    expect(encoding).toBe('utf-16le');
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-16"?>')).toBe(true);
  });

  it('refuses a declared encoding we cannot decode when the file is not plain ASCII', () => {
    const latin1 = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><phrasePack>caf\xe9</phrasePack>', 'latin1');
    expect(thrown(() => decodeText(latin1))).toEqual({ code: 'pack.unsupportedEncoding', params: { encoding: 'ISO-8859-1' } });
  });

  it('says the declared UTF-8 is wrong rather than guessing', () => {
    const lie = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="UTF-8"?><phrasePack>'), iconv.encode('亲', 'gbk'), Buffer.from('</phrasePack>')]);
    expect(thrown(() => decodeText(lie))).toEqual({ code: 'pack.badEncoding', params: { encoding: 'UTF-8' } });
  });
});

describe('the junk check', () => {
  it('accepts ordinary Chinese text with emoji, tabs and line breaks', () => {
    expect(() => assertLooksLikeText('分组\t内容\r\n售前\t亲，在的😊 ¥99\n')).not.toThrow();
  });

  it('refuses bytes that GB18030 decodes without an error but that are private-use and control characters', () => {
    const junk = fixture('junk-gb18030.csv');
    const { text, encoding } = decodeText(junk);
    expect(encoding).toBe('gb18030'); // decoding alone proves nothing …
    expect(countJunk(text)).toBeGreaterThan(text.length / 2);
    expect(thrown(() => assertLooksLikeText(text)).code).toBe('pack.notAPhrasePack'); // … the check does
  });

  it('refuses text that is mostly control characters', () => {
    expect(thrown(() => assertLooksLikeText('\x01\x02\x03ab\x04')).code).toBe('pack.notAPhrasePack');
  });

  it('tolerates a stray private-use character in a real pack', () => {
    expect(() => assertLooksLikeText('售前,hi,亲，在的\ue000 欢迎光临本店，有什么可以帮您')).not.toThrow();
  });

  it('calls a whitespace-only file empty', () => {
    expect(thrown(() => assertLooksLikeText(' \r\n\t')).code).toBe('pack.empty');
  });
});

describe('sniffTextFormat', () => {
  it('sees XML by its first markup, CSV otherwise', () => {
    expect(sniffTextFormat('  <?xml version="1.0"?><phrasePack/>')).toBe('xml');
    expect(sniffTextFormat('<phrasePack version="1"/>')).toBe('xml');
    expect(sniffTextFormat('<!DOCTYPE x>')).toBe('xml');
    expect(sniffTextFormat('分组,快捷编码,短语内容')).toBe('csv');
    expect(sniffTextFormat('<<双十一>>活动')).toBe('csv');
  });
});

describe('damaged UTF-8 and lookalikes', () => {
  it('refuses UTF-8 with a truncated last character instead of importing it as GB18030 mojibake', () => {
    const text = '分组,快捷编码,短语内容\n售前,c0,现在下单送运费险\n售前,c1,现在下单送运费险\n售前,c4,亲在的';
    const bytes = utf8(text).subarray(0, -1);
    expect(thrown(() => decodeText(bytes))).toEqual({ code: 'pack.damagedUtf8', params: { line: 4 } });
  });

  it('refuses UTF-8 with one GBK line pasted in, naming that line', () => {
    const bytes = new Uint8Array([...utf8('分组,快捷编码,短语内容\n售前,c1,现在下单送运费险\n'), ...iconv.encode('售后,c3,退货请联系\n', 'gbk')]);
    expect(thrown(() => decodeText(bytes))).toEqual({ code: 'pack.damagedUtf8', params: { line: 3 } });
  });

  it('reads a short GBK file whose characters happen to be valid two-byte UTF-8 (一 is D2 BB) as GBK', () => {
    // Found by the Qianniu round-trip property test: Qianniu's header, then rows of 一.
    const bytes = iconv.encode('快捷短语编码,快捷短语,快捷短语分组\r\n,一,"\n一"\r\n,一,一\r\n', 'gbk');
    const { text, encoding } = decodeText(bytes);
    expect(encoding).toBe('gb18030');
    expect(text).toContain(',一,"\n一"');
  });

  it('names a pasted UTF-8 line GB18030 cannot read either, instead of calling the file not a phrase pack', () => {
    const bytes = new Uint8Array([...iconv.encode('分组,快捷编码,短语内容\n售前,c1,现在下单送运费险\n', 'gbk'), ...utf8('售后,th,退货联系客服\n'), ...iconv.encode('售后,c3,退货请联系\n', 'gbk')]);
    expect(decodeStrict(bytes, 'gb18030')).toBeNull();
    expect(thrown(() => decodeText(bytes))).toEqual({ code: 'pack.mixedEncoding', params: { line: 3 } });
  });

  it('still refuses damaged UTF-8 whose text is two-byte characters (Russian replies with one Latin-1 byte)', () => {
    const bytes = new Uint8Array([
      ...utf8('分组,快捷编码,短语内容\nRU,privet,Здравствуйте, чем помочь?\nRU,spasibo,Спасибо за заказ\n'),
      ...Buffer.from('RU,poka,До свидания', 'utf8'),
      0xe8,
      ...utf8('!\n'),
    ]);
    expect(thrown(() => decodeText(bytes))).toEqual({ code: 'pack.damagedUtf8', params: { line: 4 } });
  });

  it('still reads real GBK as GB18030', () => {
    expect(decodeText(iconv.encode('分组,快捷编码,短语内容\n售前,c1,现在下单送运费险\n售后,c3,退货请联系\n', 'gbk')).encoding).toBe('gb18030');
  });

  it('treats a first phrase like <VIP专享>… as text, not XML', () => {
    expect(sniffTextFormat('<VIP专享>会员价8折\n亲，在的\n')).toBe('csv');
    expect(sniffTextFormat('<phrasePack version="1"></phrasePack>')).toBe('xml');
    expect(sniffTextFormat('  <!DOCTYPE x>')).toBe('xml');
  });
});

describe('an XML declaration that lies', () => {
  it('reads UTF-8 bytes under a GBK declaration as UTF-8, not as mojibake', () => {
    const bytes = utf8('<?xml version="1.0" encoding="GBK"?><phrasePack version="1"><group name="售前"><phrase>亲，在的</phrase></group></phrasePack>');
    const decoded = decodeText(bytes);
    expect(decoded.encoding).toBe('utf-8');
    expect(decoded.text).toContain('售前');
  });

  it('still honours a GBK declaration over GBK bytes', () => {
    const bytes = iconv.encode('<?xml version="1.0" encoding="GBK"?><phrasePack version="1"><group name="售前"><phrase>亲，在的</phrase></group></phrasePack>', 'gbk');
    expect(decodeText(bytes)).toMatchObject({ encoding: 'gb18030' });
    expect(decodeText(bytes).text).toContain('亲，在的');
  });
});

describe('a GBK file with UTF-8 lines pasted in', () => {
  const gbk = (s: string) => new Uint8Array(iconv.encode(s, 'gbk'));
  const join = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

  it('is refused, naming the UTF-8 line, instead of storing mojibake (售后 read as 鍞悗)', () => {
    const bytes = join(gbk('分组,快捷编码,短语内容\r\n售前,hi,亲，在的\r\n'), utf8('售后,th,亲，支持七天无理由退换货\r\n'), gbk('物流,kd,默认中通\r\n'));
    expect(thrown(() => decodeText(bytes))).toEqual({ code: 'pack.mixedEncoding', params: { line: 3 } });
  });

  it('finds a line of only two characters, and counts lone-CR line breaks', () => {
    expect(utf8LineInGbk(join(gbk('短语内容\n亲，在的\n欢迎光临\n'), utf8('售后\n')))).toEqual({ line: 4 });
    expect(utf8LineInGbk(join(gbk('短语内容\r亲，在的\r'), utf8('好的，亲')))).toEqual({ line: 3 });
  });

  it('is refused under an XML declaration of GBK too', () => {
    const bytes = join(gbk('<?xml version="1.0" encoding="GBK"?>\n<phrasePack version="1">\n<phrase>亲，在的</phrase>\n'), utf8('<phrase>售后服务</phrase>\n'), gbk('</phrasePack>\n'));
    expect(thrown(() => decodeText(bytes))).toEqual({ code: 'pack.mixedEncoding', params: { line: 4 } });
  });

  it('is read as chosen when the user forces GB18030 (the preview’s override is not second-guessed)', () => {
    const bytes = join(gbk('短语内容\n亲，在的\n'), utf8('售后服务\n'));
    expect(decodeText(bytes, 'gb18030').encoding).toBe('gb18030');
  });

  it('raises no false alarm on the GBK fixtures or on 100,000 lines of generated GBK text', () => {
    for (const name of ['qianniu-export-gbk.csv', 'excel-csv-gbk-resaved.csv', 'wangwang-escapes-gbk.csv', 'pack-gbk.xml']) {
      expect(utf8LineInGbk(fixture(name)), name).toBeNull();
    }
    // Random GB2312 characters (everyday Chinese), 1–40 a line, some ASCII among them.
    let seed = 20260;
    const rand = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const out: number[] = [];
    for (let line = 0; line < 100_000; line++) {
      const n = 1 + Math.floor(rand() * 40);
      for (let c = 0; c < n; c++) {
        if (rand() < 0.1) out.push(0x20 + Math.floor(rand() * 95));
        else out.push(0xb0 + Math.floor(rand() * 0x48), 0xa1 + Math.floor(rand() * 0x5e));
      }
      out.push(0x0d, 0x0a);
    }
    expect(utf8LineInGbk(new Uint8Array(out))).toBeNull();
  });
});
