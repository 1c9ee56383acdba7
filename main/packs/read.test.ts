import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { fixture, rejection } from './testkit.test-util';
import { readPack } from './read';


describe('readPack dispatch', () => {
  it('sniffs the format from the bytes whatever the file is called', async () => {
    expect((await readPack(fixture('team-template.xlsx'))).format).toBe('xlsx');
    expect((await readPack(fixture('pack-utf8.xml'))).format).toBe('xml');
    expect((await readPack(fixture('excel-unicode-text-utf16le.txt'))).format).toBe('csv');
  });

  it('refuses every kind of file that is not a phrase pack, with a code the UI can explain', async () => {
    expect((await rejection(readPack(fixture('empty.csv')))).code).toBe('pack.empty');
    expect((await rejection(readPack(fixture('legacy.xls')))).code).toBe('pack.legacyXls');
    expect((await rejection(readPack(fixture('png-bytes.csv')))).code).toBe('pack.notAPhrasePack');
    expect((await rejection(readPack(fixture('junk-gb18030.csv')))).code).toBe('pack.notAPhrasePack');
    expect((await rejection(readPack(fixture('billion-laughs.xml')))).code).toBe('pack.xmlDoctype');
    expect((await rejection(readPack(fixture('malformed.xml')))).code).toBe('pack.xmlMismatchedTag');
    expect((await rejection(readPack(fixture('ragged-headerless.csv')))).code).toBe('pack.raggedRows');
    expect((await rejection(readPack(fixture('unterminated-quote.csv')))).code).toBe('pack.unterminatedQuote');
  });

  it('refuses random binary', async () => {
    const random = new Uint8Array(4096);
    let seed = 42;
    for (let i = 0; i < random.length; i++) random[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
    expect((await rejection(readPack(random))).code).toBe('pack.notAPhrasePack');
  });

  it('lets the preview force an encoding', async () => {
    const gbk = iconv.encode('分组,快捷编码,短语内容\r\n售前,hi,亲，在的\r\n', 'gbk');
    expect((await readPack(gbk, { encoding: 'gb18030' })).rows[0]!.content).toBe('亲，在的');
    expect(await rejection(readPack(gbk, { encoding: 'utf-8' }))).toEqual({ code: 'pack.badEncoding', params: { encoding: 'UTF-8' } });
    // UTF-8 Chinese is not valid GB18030 here: the preview says so instead of showing U+FFFD.
    expect(await rejection(readPack(new Uint8Array(Buffer.from('内容\n亲\n')), { encoding: 'gb18030' }))).toEqual({
      code: 'pack.badEncoding',
      params: { encoding: 'GB18030' },
    });
  });

  it('lets the caller force a format', async () => {
    const xmlAsText = await readPack(new Uint8Array(Buffer.from('<phrasePack version="1"/>')), { format: 'csv' });
    expect(xmlAsText.rows.map((r) => r.content)).toEqual(['<phrasePack version="1"/>']);
    expect((await rejection(readPack(fixture('team-template.xlsx'), { format: 'csv' }))).code).toBe('pack.notAPhrasePack');
    expect((await rejection(readPack(fixture('headerless-3col.csv'), { format: 'xlsx' }))).code).toBe('pack.notAPhrasePack');
  });
});
