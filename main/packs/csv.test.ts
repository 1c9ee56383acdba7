import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { isXiaoniuError } from '../shared/errors';
import { fixture, rejection, utf8 } from './testkit.test-util';
import Papa from 'papaparse';
import { CSV_HEADER, csvCell, parseCsvRecords, readCsv, streamCsv, unescapeFormula, writeCsv, writeQianniuCsv } from './csv';
import { readPack } from './read';
import type { ExportPhrase, PackRow, ParsedPack } from './types';

const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');
/** Rows without line numbers, for comparing contents. */
const cells = (p: ParsedPack) => p.rows.map(({ group, code, content }) => [group, code, content]);

describe('parseCsvRecords', () => {
  it('handles RFC 4180 quoting, doubled quotes and line breaks inside cells, with physical line numbers', () => {
    expect(parseCsvRecords('a,"b ""x"", c"\n"多\n行",d\n\ne,f', ',')).toEqual([
      { cells: ['a', 'b "x", c'], line: 1, badQuote: false },
      { cells: ['多\n行', 'd'], line: 2, badQuote: false },
      { cells: ['e', 'f'], line: 5, badQuote: false },
    ]);
  });

  it('keeps a quote inside an unquoted cell literally and flags text after a closing quote', () => {
    expect(parseCsvRecords('他说"好",x\n"ab"c,d\n', ',')).toEqual([
      { cells: ['他说"好"', 'x'], line: 1, badQuote: false },
      { cells: ['abc', 'd'], line: 2, badQuote: true },
    ]);
  });

  it('skips blank lines and rows of empty cells (Excel writes ",,")', () => {
    expect(parseCsvRecords('\n,,\n a \n  \n', ',').map((r) => r.cells)).toEqual([[' a ']]);
  });

  it('gives a trailing delimiter its empty cell', () => {
    expect(parseCsvRecords(',亲,', ',')[0]!.cells).toEqual(['', '亲', '']);
  });
});

describe('readPack — CSV shapes from the wild (docs/packs.md "The shapes found in the wild")', () => {
  it("reads Qianniu's GBK export: code, content, group last; an empty group cell means no group", async () => {
    const p = await readPack(fixture('qianniu-export-gbk.csv'));
    expect(p).toMatchObject({ format: 'csv', encoding: 'gb18030', delimiter: ',', headerRecognised: true });
    expect(p.header).toEqual(['快捷短语编码', '快捷短语', '快捷短语分组']);
    expect(p.mapping).toEqual({ code: 0, content: 1, group: 2, subgroup: -1 });
    expect(p.rows).toEqual([
      { line: 2, group: '售前', code: 'hi', content: '亲，在的，请问有什么可以帮您？' },
      { line: 3, group: '售后', code: '购物金退款', content: '购物金退款会在1-3个工作日内原路返回\n请耐心等待' },
      { line: 5, group: '', code: '', content: '感谢您的光临，欢迎下次再来！' },
    ]);
    expect(p.problems).toEqual([]);
  });

  it('decodes the Wangwang-era escapes &#13;&#10; (one break), &#13;, &#10; and &#44;', async () => {
    const p = await readPack(fixture('wangwang-escapes-gbk.csv'));
    expect(p.wangwangEscapes).toBe(true);
    expect(cells(p)).toEqual([
      ['售后', 'dz', '地址：杭州市西湖区\n电话：0571-12345678'],
      ['未分组', 'yf', '满99元包邮,偏远地区除外'],
      ['', 'cc', '尺码偏小\n建议拍大一码\n谢谢'],
    ]);
  });

  it('leaves &#44; alone in files without the Wangwang header', async () => {
    const p = await readPack(utf8('分组,快捷编码,短语内容\n售前,a,HTML 里写 &#44; 表示逗号\n'));
    expect(p.rows[0]!.content).toBe('HTML 里写 &#44; 表示逗号');
    expect(p.wangwangEscapes).toBeUndefined();
  });

  it('reads Excel "CSV UTF-8" (BOM, CRLF, quoted comma and quotes)', async () => {
    const p = await readPack(fixture('excel-csv-utf8-bom.csv'));
    expect(p).toMatchObject({ encoding: 'utf-8', delimiter: ',' });
    expect(p.header[0]).toBe('分组'); // BOM stripped
    expect(cells(p)).toEqual([
      ['售前', 'zp', '本店所有商品均为正品，支持验货'],
      ['售前', 'bz', '质量问题包退换,运费我们承担，"七天无理由"'],
      ['物流', 'kd', '默认发中通快递'],
    ]);
  });

  it('reads Excel "Unicode text" (UTF-16LE, tabs)', async () => {
    const p = await readPack(fixture('excel-unicode-text-utf16le.txt'));
    expect(p).toMatchObject({ encoding: 'utf-16le', delimiter: '\t', headerRecognised: true });
    expect(cells(p)).toEqual([
      ['售前', 'hi', '亲，在的😊'],
      ['售后', 'th', '退货请寄回：\n杭州市西湖区'],
    ]);
  });

  it('reads a GBK "CSV (逗号分隔)" re-saved by Excel, where code 001 became 1', async () => {
    const p = await readPack(fixture('excel-csv-gbk-resaved.csv'));
    expect(p.encoding).toBe('gb18030');
    expect(cells(p)).toEqual([
      ['售前', '1', '亲，在的'],
      ['售前', '002', '欢迎光临'],
      ['售后', '3', '请提供订单号'],
    ]);
  });

  it('reads European semicolons with English header names; commas stay in the content', async () => {
    const p = await readPack(fixture('european-semicolons.csv'));
    expect(p.delimiter).toBe(';');
    expect(cells(p)).toEqual([
      ['pre-sale', 'hi', 'Hello, how can I help?'],
      ['after-sale', 'ret', 'Returns within 7 days, free'],
    ]);
  });

  it('reads multi-line cells in a file mixing CRLF and LF, counting physical lines', async () => {
    const p = await readPack(fixture('mixed-line-endings.csv'));
    expect(p.rows).toEqual([
      { line: 2, group: '售前', code: 'a', content: '第一行\n第二行\n第三行' },
      { line: 6, group: '售后', code: 'b', content: '单行' },
      { line: 7, group: '售后', code: 'c', content: 'x\ny' },
    ]);
    expect(p.rows.some((r) => r.content.includes('\r'))).toBe(false);
  });

  it('treats a lone CR (old Mac) as a line break too', async () => {
    const p = await readPack(utf8('分组,快捷编码,短语内容\r售前,a,"x\ry"\r售后,b,z'));
    expect(p.rows).toEqual([
      { line: 2, group: '售前', code: 'a', content: 'x\ny' },
      { line: 4, group: '售后', code: 'b', content: 'z' },
    ]);
  });

  it('finds columns by header in any order and ignores unknown ones', async () => {
    const p = await readPack(utf8('备注,短语内容（必填）,Code,分组名称\n随便,亲，在的,hi,售前\n'));
    expect(p.mapping).toEqual({ group: 3, code: 2, content: 1, subgroup: -1 });
    expect(p.ignoredColumns).toEqual(['备注']);
    expect(cells(p)).toEqual([['售前', 'hi', '亲，在的']]);
  });

  it('joins 一级分类/二级分类 in a CSV template too', async () => {
    const p = await readPack(utf8('一级分类,二级分类,话术标题,话术内容\n售前,尺码,标题,建议M码\n售后,,标题,请提供订单号\n'));
    expect(cells(p)).toEqual([
      ['售前/尺码', '', '建议M码'],
      ['售后', '', '请提供订单号'],
    ]);
    expect(p.ignoredColumns).toEqual(['话术标题']);
  });

  it('reads Chinese shortcut codes under a header', async () => {
    const p = await readPack(utf8('快捷编码,短语内容\n购物金退款,购物金原路返回\n'));
    expect(cells(p)).toEqual([['', '购物金退款', '购物金原路返回']]);
  });

  it('reads a one-column file with a content header; commas in later rows are content', async () => {
    const p = await readPack(utf8('内容\n亲，在的\nHi, welcome\n'));
    expect(p.delimiter).toBeUndefined();
    expect(cells(p)).toEqual([
      ['', '', '亲，在的'],
      ['', '', 'Hi, welcome'],
    ]);
  });
});

describe('readPack — headerless files', () => {
  it('1 column: every line is content (commas included), blank lines skipped', async () => {
    const p = await readPack(fixture('headerless-1col.txt'));
    expect(p).toMatchObject({ headerRecognised: false, header: [], mapping: { group: -1, code: -1, content: 0, subgroup: -1 } });
    expect(p.rows).toEqual([
      { line: 1, group: '', code: '', content: '亲，在的' },
      { line: 2, group: '', code: '', content: '欢迎光临, 请随便看看' },
      { line: 4, group: '', code: '', content: '感谢支持' },
    ]);
  });

  it('2 columns of ASCII codes: code, content', async () => {
    const p = await readPack(fixture('headerless-2col-codes.csv'));
    expect(p.mapping).toEqual({ group: -1, code: 0, content: 1, subgroup: -1 });
    expect(cells(p)).toEqual([
      ['', 'hi', '亲，在的'],
      ['', 'bye', '慢走，欢迎再来'],
    ]);
  });

  it('2 columns whose first cells are not all ASCII codes: group, content', async () => {
    const p = await readPack(fixture('headerless-2col-groups.csv'));
    expect(p.mapping).toEqual({ group: 0, code: -1, content: 1, subgroup: -1 });
    expect(cells(p)).toEqual([
      ['售前', '', '亲，在的'],
      ['售后', '', '请提供订单号'],
    ]);
  });

  it('3 columns: group, code, content', async () => {
    const p = await readPack(fixture('headerless-3col.csv'));
    expect(cells(p)).toEqual([
      ['售前', 'hi', '亲，在的'],
      ['售后', 'ddh', '请提供订单号'],
    ]);
  });

  it('picks the first candidate that occurs and splits every record evenly (tab before semicolon)', async () => {
    const p = await readPack(utf8('hi\t亲;在的\nbye\t再见;谢谢\n'));
    expect(p.delimiter).toBe('\t');
    expect(cells(p)).toEqual([
      ['', 'hi', '亲;在的'],
      ['', 'bye', '再见;谢谢'],
    ]);
  });

  it('moves on to the next candidate when the first one gives ragged records', async () => {
    // Commas occur but split unevenly; semicolons split evenly.
    const p = await readPack(utf8('售前;Hello, dear\n售后;Bye\n'));
    expect(p.delimiter).toBe(';');
    expect(cells(p)).toEqual([
      ['售前', '', 'Hello, dear'],
      ['售后', '', 'Bye'],
    ]);
  });

  it('refuses a ragged file, naming the first record whose count differs (never a silent fallback)', async () => {
    expect(await rejection(readPack(fixture('ragged-headerless.csv')))).toEqual({
      code: 'pack.raggedRows',
      params: { line: 3, expected: 2, found: 3 },
    });
  });

  it('reports the physical line of a ragged record after multi-line cells', async () => {
    expect(await rejection(readPack(utf8('a,"x\r\ny"\r\nb,c\r\n\r\nd,e,f\r\n')))).toEqual({
      code: 'pack.raggedRows',
      params: { line: 5, expected: 2, found: 3 },
    });
  });

  it('refuses more than 3 columns without a header', async () => {
    expect(await rejection(readPack(utf8('a,b,c,d\ne,f,g,h\n')))).toEqual({ code: 'pack.tooManyColumns', params: { line: 1, found: 4 } });
  });
});

describe('readPack — bad CSV', () => {
  it('refuses an unterminated quote with the line where it opens', async () => {
    expect(await rejection(readPack(fixture('unterminated-quote.csv')))).toEqual({ code: 'pack.unterminatedQuote', params: { line: 3 } });
  });

  it('skips and reports rows with more cells than the header (an unquoted comma split the content)', async () => {
    const p = await readPack(utf8('分组,快捷编码,短语内容\r\n售前,a,"多\r\n行"\r\n售前,b,亲,在的\r\n售后,d,好的,,\r\n'));
    expect(p.problems).toEqual([{ line: 4, code: 'pack.rowColumnCount', params: { expected: 3, found: 4 } }]);
    expect(p.rows).toEqual([
      { line: 2, group: '售前', code: 'a', content: '多\n行' },
      { line: 5, group: '售后', code: 'd', content: '好的' }, // surplus empty cells are tolerated
    ]);
  });

  it('imports rows missing trailing cells with those cells empty (Qianniu ends default-group rows so)', async () => {
    const p = await readPack(utf8('快捷短语编码,快捷短语,快捷短语分组\r\nhi,亲，在的\r\nbye,慢走,售前\r\n'));
    expect(p.problems).toEqual([]);
    expect(cells(p)).toEqual([
      ['', 'hi', '亲，在的'],
      ['售前', 'bye', '慢走'],
    ]);
  });

  it('skips a row with a malformed quote and reports its line (row problems skip the row)', async () => {
    const p = await readPack(utf8('分组,快捷编码,短语内容\n售前,a,"正品"保证\n售前,b,好\n'));
    expect(p.rows.map((r) => r.content)).toEqual(['好']);
    expect(p.problems).toEqual([{ line: 2, code: 'pack.malformedQuote' }]);
  });

  it('refuses a header of known names without a content column', async () => {
    expect((await rejection(readPack(utf8('分组,快捷编码\n售前,a\n')))).code).toBe('pack.noContentColumn');
  });

  it('calls a file of blank lines empty', async () => {
    expect((await rejection(readPack(utf8('\r\n\r\n')))).code).toBe('pack.empty');
    expect((await rejection(readPack(fixture('empty.csv')))).code).toBe('pack.empty');
  });

  it('gives a file with only a header no rows (the service reports "nothing to import")', async () => {
    const p = await readPack(utf8('分组,快捷编码,短语内容\r\n'));
    expect(p.rows).toEqual([]);
    expect(p.headerRecognised).toBe(true);
  });
});

describe('the apostrophe rule (formula injection)', () => {
  it('drops one leading apostrophe only before = + - @ TAB CR or another apostrophe', () => {
    expect(unescapeFormula("'=SUM(A1)")).toBe('=SUM(A1)');
    expect(unescapeFormula("'+86 138")).toBe('+86 138');
    expect(unescapeFormula("'-1")).toBe('-1');
    expect(unescapeFormula("'@all")).toBe('@all');
    expect(unescapeFormula("'\tx")).toBe('\tx');
    expect(unescapeFormula("''abc")).toBe("'abc");
    expect(unescapeFormula("'abc")).toBe("'abc");
    expect(unescapeFormula("'")).toBe("'");
    expect(unescapeFormula("'001")).toBe("'001");
  });

  it('applies to imported CSV cells', async () => {
    const p = await readPack(utf8("分组,快捷编码,短语内容\n'-促销-,a,'=1+1\n"));
    expect(cells(p)).toEqual([['-促销-', 'a', '=1+1']]);
  });

  it('escapes exported cells that start with = + - @ TAB or an apostrophe, quoting them as papaparse does', () => {
    expect(csvCell('=1+1')).toBe(`"'=1+1"`);
    expect(csvCell('-')).toBe(`"'-"`);
    expect(csvCell("'s")).toBe(`"''s"`);
    expect(csvCell('\t缩进')).toBe(`"'\t缩进"`);
    expect(csvCell('=1\n第二行')).toBe(`"'=1\n第二行"`);
    expect(csvCell('a=b')).toBe('a=b');
  });
});

const samplePhrases: ExportPhrase[] = [
  { group: '售前', code: 'hi', content: '亲，在的，请问有什么可以帮您？' },
  { group: '售前', code: null, content: '质量问题包退换,运费我们承担，"七天无理由"\n第二行' },
  { group: '默认分组', code: '001', content: '=HYPERLINK("http://x")' },
];

describe('writeCsv', () => {
  it('writes UTF-8 with BOM, our header, CRLF records, LF inside quoted cells, escapes and an empty null code', () => {
    const out = writeCsv(samplePhrases);
    expect([...out.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text(out.slice(3))).toBe(
      '分组,快捷编码,短语内容\r\n' +
        '售前,hi,亲，在的，请问有什么可以帮您？\r\n' +
        '售前,,"质量问题包退换,运费我们承担，""七天无理由""\n第二行"\r\n' +
        '默认分组,001,"\'=HYPERLINK(""http://x"")"\r\n',
    );
  });

  it('writes exactly what papaparse writes for the whole table (the plain-cell fast path changes nothing)', () => {
    fc.assert(
      // (With no rows papaparse ends the header without a line break; ours always ends its records.)
      fc.property(fc.array(phrase, { minLength: 1, maxLength: 8 }), (phrases) => {
        const data = phrases.map((p) => [p.group, p.code ?? '', p.content].map((c) => c.replace(/\r\n?/g, '\n')));
        const papa = Papa.unparse({ fields: [...CSV_HEADER], data }, { escapeFormulae: /^[=+\-@\t\r']/, newline: '\r\n' });
        expect(text(writeCsv(phrases))).toBe('\uFEFF' + papa + '\r\n');
      }),
      { numRuns: 300 },
    );
  });

  it('streams a large export in chunks that each decode on their own and add up to the whole file', () => {
    // 3,000 phrases of ~300 characters with astral characters and escapes spread through them:
    // several 256 K-character chunks, so chunk boundaries fall between records of one group too.
    const phrases: ExportPhrase[] = Array.from({ length: 3000 }, (_, i) => ({
      group: `组${Math.floor(i / 700)}`,
      code: i % 3 ? `c${i}` : null,
      content: `亲${'😊𠮷发货'.repeat(60)}${i % 5 ? '' : ',"带引号"'}${i % 7 ? '' : '\n第二行'}`,
    }));
    const blocks = [0, 700, 1400, 2100, 2800].map((start) => ({
      group: phrases[start]!.group,
      rows: phrases.slice(start, start + 700).map((p) => [p.code, p.content] as const),
    }));
    for (const encoding of ['utf8', 'gb18030'] as const) {
      const chunks: Uint8Array[] = [];
      expect(streamCsv(blocks, (b) => chunks.push(b), { encoding })).toBe(3000);
      expect(chunks.length).toBeGreaterThan(2);
      const decode = (b: Uint8Array) => iconv.decode(Buffer.from(b), encoding === 'utf8' ? 'utf8' : 'gb18030', { stripBOM: false });
      // Every chunk ends a record, so it decodes to whole characters and whole lines.
      for (const c of chunks) expect(decode(c).endsWith('\r\n')).toBe(true);
      expect(Buffer.concat(chunks).equals(Buffer.from(writeCsv(phrases, { encoding })))).toBe(true);
      expect(chunks.map(decode).join('')).toBe(decode(writeCsv(phrases, { encoding })));
    }
  });

  it('normalises CR in content to LF so no cell keeps a stray CR', () => {
    expect(text(writeCsv([{ group: 'g', code: null, content: 'a\r\nb\rc' }]).slice(3))).toBe('分组,快捷编码,短语内容\r\ng,,"a\nb\nc"\r\n');
  });

  it('writes GB18030 without BOM on request, emoji included', () => {
    const out = writeCsv([{ group: '售前', code: 'hi', content: '亲😊𠮷' }], { encoding: 'gb18030' });
    expect(out[0]).not.toBe(0xef);
    expect(iconv.decode(Buffer.from(out), 'gb18030')).toBe('分组,快捷编码,短语内容\r\n售前,hi,亲😊𠮷\r\n');
  });

  it('round-trips through the reader', async () => {
    const p = await readPack(writeCsv(samplePhrases));
    expect(cells(p)).toEqual([
      ['售前', 'hi', '亲，在的，请问有什么可以帮您？'],
      ['售前', '', '质量问题包退换,运费我们承担，"七天无理由"\n第二行'],
      ['默认分组', '001', '=HYPERLINK("http://x")'],
    ]);
  });
});

describe('writeQianniuCsv', () => {
  it("writes Qianniu's header and order in GBK without BOM, CRLF, 默认分组 as an empty cell", () => {
    const out = writeQianniuCsv(samplePhrases);
    expect(out[0]).not.toBe(0xef);
    expect(iconv.decode(Buffer.from(out), 'gbk')).toBe(
      '快捷短语编码,快捷短语,快捷短语分组\r\n' +
        'hi,亲，在的，请问有什么可以帮您？,售前\r\n' +
        ',"质量问题包退换,运费我们承担，""七天无理由""\n第二行",售前\r\n' +
        '001,"\'=HYPERLINK(""http://x"")",\r\n',
    );
  });

  it('reads back as the same phrases (the default group as an empty group cell)', async () => {
    const p = await readPack(writeQianniuCsv(samplePhrases));
    expect(p.encoding).toBe('gb18030');
    expect(cells(p)).toEqual([
      ['售前', 'hi', '亲，在的，请问有什么可以帮您？'],
      ['售前', '', '质量问题包退换,运费我们承担，"七天无理由"\n第二行'],
      ['', '001', '=HYPERLINK("http://x")'],
    ]);
  });

  it('refuses characters GBK cannot hold instead of writing "?", naming the phrases', () => {
    let err: unknown;
    try {
      writeQianniuCsv([
        { group: '售前', code: 'hi', content: '亲，在的' },
        { group: '售前', code: 'xl', content: '笑脸😊送给您' },
        { group: '𠮷野家', code: null, content: '欢迎' },
      ]);
    } catch (e) {
      err = e;
    }
    expect(isXiaoniuError(err, 'pack.unencodable')).toBe(true);
    expect((err as { params: unknown }).params).toEqual({ encoding: 'GBK', count: 2, phrase: '售前/xl', snippet: '笑脸😊送给您' });
  });

  it('cuts a long snippet around the first unencodable character', () => {
    let err: unknown;
    try {
      writeQianniuCsv([{ group: 'g', code: 'c', content: '一二三四五六七八九十一二三四五六七八九十😊一二三四五六七八九十一二三' }]);
    } catch (e) {
      err = e;
    }
    expect((err as { params: unknown }).params).toMatchObject({ phrase: 'g/c', snippet: '…一二三四五六七八九十😊一二三四五六七八九…' });
  });
});

// ───────────── properties ─────────────

/** Characters that stress the CSV rules, plus ordinary Chinese and ASCII. */
const tricky = fc.constantFrom("'", '=', '+', '-', '@', '\t', '\r', '\n', '\r\n', '"', ',', ';', ' ', '😊', '𠮷', '&#44;', '&#13;', '\uFEFF', '＝');
const cjk = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c));
const ascii = fc.string({ unit: 'grapheme-ascii', maxLength: 4 });
const piece = fc.oneof(tricky, cjk, ascii);
const anyText = fc.array(piece, { maxLength: 12 }).map((a) => a.join(''));
/** Content as the store holds it: never blank. */
const contentText = fc.tuple(anyText, fc.oneof(cjk, fc.constantFrom('a', '好', '😊')), anyText).map(([a, b, c]) => a + b + c);
const phrase = fc.record({ group: anyText, code: fc.option(anyText, { nil: null }), content: contentText });

const reExport = (rows: PackRow[]): ExportPhrase[] => rows.map((r) => ({ group: r.group, code: r.code === '' ? null : r.code, content: r.content }));

describe('export → import → export is byte-identical', () => {
  it('for our CSV in UTF-8', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(phrase, { minLength: 1, maxLength: 8 }), async (phrases) => {
        const first = writeCsv(phrases);
        const second = writeCsv(reExport((await readPack(first)).rows));
        expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('for our CSV in GB18030', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(phrase, { minLength: 1, maxLength: 8 }), async (phrases) => {
        const first = writeCsv(phrases, { encoding: 'gb18030' });
        const second = writeCsv(reExport((await readPack(first)).rows), { encoding: 'gb18030' });
        expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it("for Qianniu's layout (GBK-encodable text)", async () => {
    const gbkPiece = fc.oneof(fc.constantFrom("'", '=', '-', '@', '\t', '\n', '"', ',', ' ', '，'), cjk, ascii);
    const gbkText = fc.array(gbkPiece, { maxLength: 10 }).map((a) => a.join(''));
    const gbkPhrase = fc.record({ group: gbkText, code: fc.option(gbkText, { nil: null }), content: fc.tuple(gbkText, cjk).map(([a, b]) => a + b) });
    await fc.assert(
      fc.asyncProperty(fc.array(gbkPhrase, { minLength: 1, maxLength: 6 }), async (phrases) => {
        const first = writeQianniuCsv(phrases);
        const second = writeQianniuCsv(reExport((await readPack(first)).rows));
        expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});

describe('robustness', () => {
  it('throws nothing but XiaoniuError on arbitrary bytes, and never returns U+FFFD it was not given', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), async (bytes) => {
        try {
          const p = await readPack(bytes);
          const spelled = Buffer.from(bytes).includes(Buffer.from([0xef, 0xbf, 0xbd]));
          if (!spelled) for (const r of p.rows) expect(r.content + r.group + r.code).not.toContain('\uFFFD');
        } catch (e) {
          expect(isXiaoniuError(e)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});

// Speed is measured by `npm run bench`, against a floor; this only checks line numbering at scale.
describe('a large file', () => {
  it('numbers the physical lines of 100,000 rows with multi-line cells', async () => {
    const lines = ['分组,快捷编码,短语内容'];
    for (let i = 0; i < 100_000; i++) {
      const content = `亲，您好！这是第${i}条快捷短语，本店所有商品均为正品，支持七天无理由退换货，运费险已赠送，请放心购买哦`;
      lines.push(i % 10 === 0 ? `分组${i % 50},c${i},"${content}\r\n第二行 ""引号"", 逗号"` : `分组${i % 50},c${i},${content}`);
    }
    const bytes = utf8('\uFEFF' + lines.join('\r\n') + '\r\n');
    expect(bytes.length).toBeGreaterThan(15_000_000);
    const p = await readPack(bytes);
    expect(p.rows.length).toBe(100_000);
    // Every tenth row has a two-line cell, so the last row (i = 99,999) starts on line 110,001.
    expect(p.rows[99_999]).toMatchObject({ line: 110_001, code: 'c99999' });
    expect(p.rows[99_990]!.content.endsWith('\n第二行 "引号", 逗号')).toBe(true);
  }, 20_000);
});

describe('readCsv on decoded text', () => {
  it('reports the encoding it was given and honours a forced delimiter', () => {
    const p = readCsv('a;b,c\nd;e,f\n', 'gb18030', { delimiter: ';' });
    expect(p).toMatchObject({ encoding: 'gb18030', delimiter: ';' });
    expect(cells(p)).toEqual([
      ['', 'a', 'b,c'],
      ['', 'd', 'e,f'],
    ]);
  });
});

describe('Excel "Unicode text" without a header', () => {
  it('splits UTF-16 at tabs, keeping commas inside phrases', async () => {
    const bytes = new Uint8Array([0xff, 0xfe, ...iconv.encode('售前\tk1\t你好,亲\r\n售后\tk2\t再见,亲\r\n', 'utf-16le')]);
    const p = await readPack(bytes);
    expect(p).toMatchObject({ encoding: 'utf-16le', delimiter: '\t' });
    expect(cells(p)).toEqual([
      ['售前', 'k1', '你好,亲'],
      ['售后', 'k2', '再见,亲'],
    ]);
  });

  it('reads a header with two bracketed notes', async () => {
    const p = await readPack(utf8('分组,短语内容（必填）（最多2000字）\n售前,亲，在的\n'));
    expect(p.headerRecognised).toBe(true);
    expect(cells(p)).toEqual([['售前', '', '亲，在的']]);
  });
});

describe('a title above the header', () => {
  it('finds the header under a title line and reports the skipped line', async () => {
    const p = await readPack(utf8('客服话术模板（2026 版）\n分组,快捷编码,短语内容\n售前,hi,"亲,在的"\n'));
    expect(p.headerRecognised).toBe(true);
    expect(cells(p)).toEqual([['售前', 'hi', '亲,在的']]);
    expect(p.problems).toEqual([{ line: 1, code: 'pack.skippedBeforeHeader' }]);
  });

  it('does the same when the title row has the delimiters Excel pads it with', async () => {
    const p = await readPack(utf8('客服话术模板,,\n\n分组,快捷编码,短语内容\n售后,th,退换货说明\n'));
    expect(cells(p)).toEqual([['售后', 'th', '退换货说明']]);
    expect(p.problems).toEqual([{ line: 1, code: 'pack.skippedBeforeHeader' }]);
  });
});
