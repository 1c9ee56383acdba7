import { describe, expect, it } from 'vitest';
import { rejection } from './testkit.test-util';
import { readPack } from './read';
import type { ParsedPack } from './types';
import { readXlsx } from './xlsx';
import { hostile, part, PHRASE_ROWS, row, sheet, workbook, zip } from './zip.test-util';
import { openArchive } from './zip-archive';

const cells = (p: ParsedPack) => p.rows.map(({ line, group, code, content }) => [line, group, code, content]);
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

/** Runs `read` and returns its outcome with the milliseconds it took. */
async function timed<T>(read: () => Promise<T>): Promise<{ ms: number; value?: T; error?: { code: string } }> {
  const start = performance.now();
  try {
    const value = await read();
    return { ms: performance.now() - start, value };
  } catch (e) {
    return { ms: performance.now() - start, error: e as { code: string } };
  }
}

describe('readXlsx bounds its work by what a phrase pack can be', () => {
  // Before the streaming reader (exceljs' in-memory model), through the CLI: the merge over
  // D3:XFD1048576 grew past 4 GB, 100,000 merges and row 4,294,967,294 never finished (killed at
  // 90 s), the 1 GB bombs took 2.2 GB and 8–11 s. See tests/cli/hostile-xlsx.test.ts for memory.
  it('one merge over D3:XFD1048576 is three numbers, not 17 billion cells: the two phrases read in well under a second', async () => {
    const r = await timed(() => readXlsx(hostile.hugeMerge()));
    expect(r.error).toBeUndefined();
    expect(cells(r.value!)).toEqual([
      [2, '售前', 'hi', '亲，在的'],
      [3, '售后', 'th', '支持七天无理由退换货'],
    ]);
    expect(r.ms).toBeLessThan(2000);
  });

  it('100,000 small merges cost a sort, not a hang', async () => {
    const bytes = hostile.manyMerges();
    const r = await timed(() => readXlsx(bytes));
    expect(r.error).toBeUndefined();
    expect(r.value!.rows).toHaveLength(2);
    expect(r.ms).toBeLessThan(5000);
  });

  it('a <dimension> claiming the whole sheet is ignored', async () => {
    expect(cells(await readXlsx(hostile.hugeDimension()))).toHaveLength(2);
  });

  it('a row numbered 4,294,967,294 is refused as a damaged workbook at once', async () => {
    const r = await timed(() => readXlsx(hostile.hugeRowNumber()));
    expect(r.error?.code).toBe('pack.xlsxDamaged');
    expect(r.ms).toBeLessThan(2000);
  });

  it('a million rows that all claim to be row 7 are refused once they pass Excel’s 1,048,576 rows', async () => {
    const r = await timed(() => readXlsx(hostile.repeatedRowNumber()));
    expect(r.error?.code).toBe('pack.xlsxDamaged');
  });

  it('a 1 GB sheet is refused from the central directory, before a byte is inflated', async () => {
    const r = await timed(() => readXlsx(hostile.zipBomb()));
    expect(r.error?.code).toBe('pack.xlsxTooLarge');
    expect(r.ms).toBeLessThan(2000);
  });

  it('a 1 GB sheet that declares 2 KB is refused after 2 KB: the inflated bytes are counted, not trusted', async () => {
    const bytes = hostile.lyingZipBomb();
    const r = await timed(() => readXlsx(bytes));
    expect(r.error?.code).toBe('pack.xlsxTooLarge');
    expect(r.ms).toBeLessThan(2000);
    // The archive hands out no more than declared.
    const archive = await openArchive(bytes);
    const sheetPart = archive.part('xl/worksheets/sheet1.xml')!;
    expect(sheetPart.declaredSize).toBe(2048);
    let handed = 0;
    expect((await rejection(archive.read(sheetPart, 1024 ** 3, (c) => void (handed += c.length)))).code).toBe('pack.xlsxTooLarge');
    expect(handed).toBeLessThanOrEqual(2048);
  });

  it('a 1 GB sheet declaring 120 MB (under the cap) is parsed as a stream and refused past Excel’s last row', async () => {
    const r = await timed(() => readXlsx(hostile.bombUnderTheCap()));
    expect(r.error?.code).toBe('pack.xlsxDamaged');
    expect(r.ms).toBeLessThan(20_000);
  }, 30_000);

  it('a workbook cut short (a broken download) is damaged, not "not a phrase pack"', async () => {
    const whole = workbook(sheet(PHRASE_ROWS));
    expect((await rejection(readPack(whole.subarray(0, Math.floor(whole.length * 0.7))))).code).toBe('pack.xlsxDamaged');
  });

  it('malformed sheet XML, a DOCTYPE, and a shared-string index past the table are damaged', async () => {
    expect((await rejection(readXlsx(workbook(sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>x</is></c></row>'))))).code).toBe('pack.xlsxDamaged');
    const doctype = part('xl/worksheets/sheet1.xml', `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet xmlns="${MAIN}"><sheetData/></worksheet>`);
    expect((await rejection(readXlsx(workbook(doctype)))).code).toBe('pack.xlsxDamaged');
    const strings = part('xl/sharedStrings.xml', `<sst xmlns="${MAIN}"><si><t>只有一个</t></si></sst>`);
    expect((await rejection(readXlsx(workbook(sheet('<row r="1"><c r="A1" t="s"><v>5</v></c></row>'), strings)))).code).toBe('pack.xlsxDamaged');
  });
});

describe('readXlsx reads what spreadsheet programs write', () => {
  it('repeats a vertical merge down its own column only, into the rows the sheet has', async () => {
    const rows =
      row(1, ['一级分类', '快捷编码', '话术内容']) +
      row(2, ['售前', 'a', '在的']) +
      row(3, [null, 'b', '有货']) +
      row(4, [null, 'c', '包邮']) +
      row(5, ['售后', 'd', '退款']) +
      row(7, [null, 'e', '七天无理由']);
    // A2:A4 is a merged 售前 block; A5:A9 runs past the data (row 6 is absent, row 7 gets 售后);
    // D1:XFD1048576 covers no column the pack reads.
    const merges = '<mergeCells><mergeCell ref="A2:A4"/><mergeCell ref="A5:A9"/><mergeCell ref="D1:XFD1048576"/></mergeCells>';
    expect(cells(await readXlsx(workbook(sheet(rows, merges))))).toEqual([
      [2, '售前', 'a', '在的'],
      [3, '售前', 'b', '有货'],
      [4, '售前', 'c', '包邮'],
      [5, '售后', 'd', '退款'],
      [7, '售后', 'e', '七天无理由'],
    ]);
  });

  it('a merged title over the header row does not become extra header columns', async () => {
    const rows = row(1, ['客服话术模板']) + row(2, ['分组', '短语内容']) + row(3, ['售前', '亲，在的']);
    const p = await readXlsx(workbook(sheet(rows, '<mergeCells><mergeCell ref="A1:E1"/></mergeCells>')));
    expect(p.header).toEqual(['分组', '短语内容']);
    expect(cells(p)).toEqual([[3, '售前', '', '亲，在的']]);
  });

  it('drops phonetic guides, decodes _xHHHH_, reads prefixed elements and cells without r', async () => {
    const strings = part(
      'xl/sharedStrings.xml',
      `<x:sst xmlns:x="${MAIN}"><x:si><x:t>内容</x:t></x:si>` +
        `<x:si><x:r><x:t>亲，</x:t></x:r><x:r><x:t>東京_x000D__x000A_在的</x:t></x:r><x:rPh sb="0" eb="2"><x:t>とうきょう</x:t></x:rPh></x:si></x:sst>`,
    );
    const s = part(
      'xl/worksheets/sheet1.xml',
      `<x:worksheet xmlns:x="${MAIN}"><x:sheetData><x:row><x:c t="s"><x:v>0</x:v></x:c></x:row>` +
        `<x:row><x:c t="s"><x:v>1</x:v></x:c></x:row><x:row><x:c t="b"><x:v>1</x:v></x:c></x:row>` +
        `<x:row><x:c t="e"><x:v>#N/A</x:v></x:c></x:row><x:row><x:c t="str"><x:f>A1</x:f><x:v>公式结果</x:v></x:c></x:row></x:sheetData></x:worksheet>`,
    );
    expect(cells(await readXlsx(workbook(s, strings)))).toEqual([
      [2, '', '', '亲，東京\n在的'],
      [3, '', '', 'TRUE'],
      [4, '', '', '#N/A'],
      [5, '', '', '公式结果'],
    ]);
  });

  it('reads date serials under the 1904 date system and ISO dates (t="d") as the sheet shows them', async () => {
    const styles = part(
      'xl/styles.xml',
      `<styleSheet xmlns="${MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>` +
        `<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="22"/></cellXfs></styleSheet>`,
    );
    const s = sheet(
      row(1, ['编码', '内容']) +
        '<row r="2"><c r="A2" t="inlineStr"><is><t>d</t></is></c><c r="B2" s="1"><v>43779</v></c></row>' +
        '<row r="3"><c r="A3" t="inlineStr"><is><t>t</t></is></c><c r="B3" s="2"><v>43779.5</v></c></row>' +
        '<row r="4"><c r="A4" t="inlineStr"><is><t>iso</t></is></c><c r="B4" t="d"><v>2024-11-11T08:30:00</v></c></row>',
    );
    const book = zip([
      part('_rels/.rels', `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/xl/workbook.xml"/></Relationships>`),
      part('xl/workbook.xml', `<workbook xmlns="${MAIN}" xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="1"/><sheets><sheet name="S" sheetId="1" rel:id="s1"/></sheets></workbook>`),
      part(
        'xl/_rels/workbook.xml.rels',
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
          `<Relationship Id="s1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
          `<Relationship Id="st" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="../xl/styles.xml"/></Relationships>`,
      ),
      styles,
      s,
    ]);
    // 1904 system: serial 43779 is 2023-11-11 (1,462 days after the 1900 system's 2019-11-11).
    expect(cells(await readXlsx(book))).toEqual([
      [2, '', 'd', '2023-11-11'],
      [3, '', 't', '2023-11-11 12:00:00'],
      [4, '', 'iso', '2024-11-11 08:30:00'],
    ]);
  });

  it('refuses a fourth column without a header at the first row that has one, naming that row', async () => {
    const rows = row(1, ['售前', 'hi', '亲，在的']) + row(2, ['售后', 'th', '退款']) + '<row r="9"><c r="A9" t="inlineStr"><is><t>x</t></is></c><c r="XFD9" t="inlineStr"><is><t>远处</t></is></c></row>';
    expect(await rejection(readXlsx(workbook(sheet(rows))))).toEqual({ code: 'pack.tooManyColumns', params: { line: 9, found: 16384 } });
  });
});
