import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { fixture, rejection, thrown, utf8 } from './testkit.test-util';
import { readPack } from './read';
import type { ExportPhrase } from './types';
import { readXml, writeXml } from './xml';


describe('readXml', () => {
  it('reads groups, optional codes, entities, character references, CDATA and a phrase without group', async () => {
    const p = await readPack(fixture('pack-utf8.xml'));
    expect(p).toMatchObject({ format: 'xml', encoding: 'utf-8', problems: [] });
    expect(p.rows).toEqual([
      { line: 4, group: '售前', code: 'hi', content: '亲，在的 & 欢迎 <光临> 😊' },
      { line: 5, group: '售前', code: '', content: '<b>不是标签</b>\n第二行' },
      { line: 8, group: '', code: 'bye', content: '没有分组' },
    ]);
  });

  it('maps each field to the element or attribute it was read from, and only those the file uses', async () => {
    const full = await readPack(fixture('pack-utf8.xml'));
    expect(full).toMatchObject({ headerRecognised: true, header: ['<group name>', '<phrase code>', '<phrase>'] });
    expect(full.mapping).toEqual({ group: 0, code: 1, content: 2, subgroup: -1 });
    const bare = readXml('<phrasePack version="1"><phrase>只有内容</phrase><group name="空组"/></phrasePack>', 'utf-8');
    expect(bare.mapping).toEqual({ group: -1, code: -1, content: 2, subgroup: -1 });
    const coded = readXml('<phrasePack version="1"><phrase code="">空编码</phrase></phrasePack>', 'utf-8');
    expect(coded.mapping).toEqual({ group: -1, code: 1, content: 2, subgroup: -1 });
  });

  it('honours a GBK declaration and a UTF-16 file', async () => {
    expect((await readPack(fixture('pack-gbk.xml'))).rows).toEqual([{ line: 2, group: '售后', code: 'th', content: '退货请联系客服' }]);
    const utf16 = await readPack(fixture('pack-utf16le.xml'));
    expect(utf16.encoding).toBe('utf-16le');
    expect(utf16.rows).toEqual([{ line: 2, group: '物流', code: 'kd', content: '默认中通' }]);
  });

  it('reads GB18030 declared as such, emoji included', async () => {
    const bytes = iconv.encode('<?xml version="1.0" encoding="GB18030"?><phrasePack version="1"><phrase>笑😊</phrase></phrasePack>', 'gb18030');
    expect((await readPack(bytes)).rows[0]!.content).toBe('笑😊');
  });

  it('turns &#13;&#10; and raw CRLF into LF', () => {
    const p = readXml('<phrasePack version="1"><phrase>a&#13;&#10;b\r\nc&#13;d</phrase></phrasePack>', 'utf-8');
    expect(p.rows[0]!.content).toBe('a\nb\nc\nd');
  });

  it('gives the line of the <phrase> start tag, not of its end', () => {
    const p = readXml('<phrasePack>\n<group name="g">\n\n<phrase\n code="x">多\n行\n</phrase></group></phrasePack>', 'utf-8');
    expect(p.rows).toEqual([{ line: 4, group: 'g', code: 'x', content: '多\n行\n' }]);
  });

  it('reports and ignores elements the format does not define', () => {
    const p = readXml('<phrasePack><meta>x</meta><group name="g"><group name="h"><phrase>深</phrase></group><phrase>好<b>粗</b>的</phrase></group></phrasePack>', 'utf-8');
    expect(p.rows).toEqual([{ line: 1, group: 'g', code: '', content: '好的' }]);
    expect(p.problems).toEqual([
      { line: 1, code: 'pack.xmlUnknownElement', params: { name: 'meta' } },
      { line: 1, code: 'pack.xmlUnknownElement', params: { name: 'group' } },
      { line: 1, code: 'pack.xmlUnknownElement', params: { name: 'b' } },
    ]);
  });

  it('refuses a DOCTYPE or ENTITY declaration before parsing (billion laughs never expands)', async () => {
    expect(await rejection(readPack(fixture('billion-laughs.xml')))).toEqual({ code: 'pack.xmlDoctype', params: {} });
    expect(thrown(() => readXml('<!doctype html><phrasePack/>', 'utf-8')).code).toBe('pack.xmlDoctype');
    expect(thrown(() => readXml('<phrasePack><!ENTITY x "y"></phrasePack>', 'utf-8')).code).toBe('pack.xmlDoctype');
  });

  it('refuses malformed XML with a catalogue message for what is wrong and where, never saxes’ English', async () => {
    // fixtures/packs/malformed.xml: <group> opened on line 3, closed as </grop> on line 5.
    expect(await rejection(readPack(fixture('malformed.xml')))).toEqual({
      code: 'pack.xmlMismatchedTag',
      params: { line: 5, column: 3, found: 'grop', expected: 'group', openLine: 3 },
    });
    const x = (s: string) => thrown(() => readXml(s, 'utf-8'));
    expect(x('<phrasePack><phrase>a &nbsp; b</phrase></phrasePack>')).toEqual({ code: 'pack.xmlBadEntity', params: { line: 1, column: 23, entity: '&nbsp;' } });
    // A bare & makes saxes read on to the end ("unclosed tag"); the message points at the &.
    expect(x('<phrasePack>\n<phrase>A&B 套装</phrase>\n</phrasePack>')).toEqual({ code: 'pack.xmlBadEntity', params: { line: 2, column: 10, entity: '&B' } });
    expect(x('<phrasePack><![CDATA[A&B]]><phrase>&</phrase></phrasePack>').params).toMatchObject({ column: 36 });
    expect(x('<phrasePack>\n  <phrase>unclosed')).toEqual({ code: 'pack.xmlUnclosedTag', params: { line: 2, name: 'phrase' } });
    expect(x('<phrasePack><phrase>x</phrase></phrasePack>\n</phrase>')).toEqual({ code: 'pack.xmlStrayCloseTag', params: { line: 2, column: 1, name: 'phrase' } });
    expect(x('<phrasePack><phrase>1 < 2</phrase></phrasePack>')).toEqual({ code: 'pack.xmlBadName', params: { line: 1, column: 23 } });
    expect(x('<phrasePack><phrase>好\u0001</phrase></phrasePack>')).toEqual({ code: 'pack.xmlBadCharacter', params: { line: 1, column: 22, char: 'U+0001' } });
    expect(x('<phrasePack><phrase code=hi>x</phrase></phrasePack>').code).toBe('pack.xmlBadAttribute');
    expect(x('<phrasePack><phrase code="a" code="b">x</phrase></phrasePack>').code).toBe('pack.xmlBadAttribute');
    expect(x('<phrasePack>\n<!-- 备注\n<phrase>x</phrase></phrasePack>')).toEqual({ code: 'pack.xmlUnclosedMarkup', params: { line: 2 } });
    expect(x('<phrasePack>x</phrasePack><phrasePack/>').code).toBe('pack.xmlOutsideRoot');
    expect(x('<?xml version="1.0"?>\n').code).toBe('pack.empty');
    expect(x('<?xml version="9"?><phrasePack/>')).toEqual({ code: 'pack.badXml', params: { line: 1, column: 17 } });
  });

  it('counts columns in characters: an emoji before the error is one column', () => {
    expect(thrown(() => readXml('<phrasePack><phrase>😊😊 &x</phrase></phrasePack>', 'utf-8')).params).toMatchObject({ line: 1, column: 24 });
  });

  it('refuses XML that is not a phrase pack, and a version it does not know', () => {
    expect(thrown(() => readXml('<html><body/></html>', 'utf-8')).code).toBe('pack.notAPhrasePack');
    expect(thrown(() => readXml('<phrasePack version="2"/>', 'utf-8'))).toEqual({ code: 'pack.xmlVersion', params: { version: '2' } });
  });
});

describe('writeXml', () => {
  const phrases: ExportPhrase[] = [
    { group: '售前', code: 'hi', content: '亲 & <您> "好"' },
    { group: '售后', code: null, content: '第一行\r\n第二行' },
    { group: '售前', code: 'a"b', content: ']]> 也安全' },
    { group: '', code: 'x', content: '无分组' },
  ];

  it('writes the declared UTF-8 layout, grouping phrases in order of first appearance', () => {
    expect(Buffer.from(writeXml(phrases)).toString('utf8')).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<phrasePack version="1">',
        '  <group name="售前">',
        '    <phrase code="hi">亲 &amp; &lt;您&gt; "好"</phrase>',
        '    <phrase code="a&quot;b">]]&gt; 也安全</phrase>',
        '  </group>',
        '  <group name="售后">',
        '    <phrase>第一行\n第二行</phrase>',
        '  </group>',
        '  <phrase code="x">无分组</phrase>',
        '</phrasePack>',
        '',
      ].join('\n'),
    );
  });

  it('drops characters XML 1.0 cannot hold so the file stays well-formed', async () => {
    const out = writeXml([{ group: 'g\u0001', code: null, content: 'a\u0000b\u000Bc\uFFFEd' }]);
    expect((await readPack(out)).rows[0]).toMatchObject({ group: 'g', content: 'abcd' });
  });

  it('export → import → export is byte-identical', async () => {
    const piece = fc.oneof(
      fc.constantFrom('&', '<', '>', '"', "'", ']]>', '\n', '\t', ' ', '😊', '𠮷', '&amp;', '<![CDATA['),
      fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c)),
      fc.string({ unit: 'grapheme-ascii', maxLength: 4 }),
    );
    const text = fc.array(piece, { maxLength: 10 }).map((a) => a.join(''));
    const phrase = fc.record({ group: text, code: fc.option(text.filter((t) => t !== ''), { nil: null }), content: text });
    await fc.assert(
      fc.asyncProperty(fc.array(phrase, { maxLength: 8 }), async (list) => {
        const first = writeXml(list);
        const rows = (await readPack(first)).rows;
        const second = writeXml(rows.map((r) => ({ group: r.group, code: r.code || null, content: r.content })));
        expect(Buffer.from(second).toString('utf8')).toBe(Buffer.from(first).toString('utf8'));
      }),
      { numRuns: 300 },
    );
  });
});

describe('readPack sniffs XML by content, not by name', () => {
  it('reads an XML pack saved with a .csv name', async () => {
    const p = await readPack(utf8('\uFEFF<?xml version="1.0"?>\n<phrasePack version="1"><phrase>好</phrase></phrasePack>'));
    expect(p.format).toBe('xml');
  });
});
