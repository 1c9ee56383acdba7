import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { fixture, rejection } from './testkit.test-util';
import { readPack } from './read';
import type { ExportPhrase, ParsedPack } from './types';
import { readXlsx, writeXlsx } from './xlsx';

const cells = (p: ParsedPack) => p.rows.map(({ line, group, code, content }) => [line, group, code, content]);

/** Builds a workbook in memory; `fill` gets the first sheet. */
async function workbook(fill: (ws: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  fill(ws, wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('readXlsx', () => {
  it('reads a team template: title row skipped, 一级分类/二级分类 joined, merged group repeated, 话术标题 ignored', async () => {
    const p = await readPack(fixture('team-template.xlsx'));
    expect(p).toMatchObject({ format: 'xlsx', encoding: 'utf-8', headerRecognised: true });
    expect(p.header).toEqual(['一级分类', '二级分类', '话术标题', '快捷键', '话术内容（必填）']);
    expect(p.mapping).toEqual({ group: 0, subgroup: 1, code: 3, content: 4 });
    expect(p.ignoredColumns).toEqual(['话术标题']);
    expect(cells(p)).toEqual([
      [3, '售前/尺码', '1', '亲，身高170体重60kg建议M码'], // the number 1 Excel made of a code
      [4, '售前/发货', 'fh', '付款后48小时内发货'], // merged 售前; rich text as plain text
      [5, '售后', 'tk', '退款已处理'], // a real formula: its cached result
      [6, '售后', 'gs', '=SUM(A1)'], // a string that looks like a formula stays text
    ]);
    expect(p.problems).toEqual([{ line: 1, code: 'pack.skippedBeforeHeader' }]);
  });

  it('reports a formula without a cached value and skips that row', async () => {
    const bytes = await workbook((ws) => {
      ws.addRow(['分组', '内容']);
      ws.addRow(['售前', { formula: 'A1&"x"' }]);
      ws.addRow(['售前', '好的']);
    });
    const p = await readXlsx(bytes);
    expect(p.problems).toEqual([{ line: 2, code: 'pack.formulaWithoutValue', params: { cell: 'B2' } }]);
    expect(cells(p)).toEqual([[3, '售前', '', '好的']]);
  });

  it('turns numbers, dates and booleans into the text Excel shows', async () => {
    const bytes = await workbook((ws) => {
      ws.addRow(['编码', '内容']);
      ws.addRow([1, 0.1 + 0.2]);
      ws.addRow([7, 13800138000]);
      ws.getCell('A3').numFmt = '000';
      ws.addRow(['d', new Date(Date.UTC(2024, 10, 11))]);
      ws.addRow(['b', true]);
    });
    expect(cells(await readXlsx(bytes))).toEqual([
      [2, '', '1', '0.3'],
      [3, '', '007', '13800138000'],
      [4, '', 'd', '2024-11-11'],
      [5, '', 'b', 'TRUE'],
    ]);
  });

  it('reads line breaks inside cells as LF', async () => {
    const bytes = await workbook((ws) => {
      ws.addRow(['内容']);
      ws.addRow(['第一行\r\n第二行']);
    });
    expect((await readXlsx(bytes)).rows[0]!.content).toBe('第一行\n第二行');
  });

  it('reads the first sheet in tab order', async () => {
    const bytes = await workbook((ws, wb) => {
      ws.addRow(['内容']);
      ws.addRow(['第一张']);
      wb.addWorksheet('Sheet2').addRow(['第二张']);
    });
    expect((await readXlsx(bytes)).rows.map((r) => r.content)).toEqual(['第一张']);
  });

  it('infers 1, 2 and 3 columns without a header, as in CSV', async () => {
    const one = await workbook((ws) => {
      ws.addRow(['亲，在的']);
      ws.addRow(['欢迎光临']);
    });
    expect(cells(await readXlsx(one))).toEqual([
      [1, '', '', '亲，在的'],
      [2, '', '', '欢迎光临'],
    ]);
    const two = await workbook((ws) => {
      ws.addRow(['hi', '亲，在的']);
      ws.addRow([2, '欢迎光临']);
    });
    expect(cells(await readXlsx(two))).toEqual([
      [1, '', 'hi', '亲，在的'],
      [2, '', '2', '欢迎光临'],
    ]);
    const three = await workbook((ws) => {
      ws.addRow(['售前', 'hi', '亲，在的']);
      ws.addRow(['售后', null, '请提供订单号']);
    });
    expect(cells(await readXlsx(three))).toEqual([
      [1, '售前', 'hi', '亲，在的'],
      [2, '售后', '', '请提供订单号'],
    ]);
  });

  it('refuses more than 3 columns without a header, a header without content, and an empty sheet', async () => {
    const wide = await workbook((ws) => ws.addRow(['a', 'b', 'c', 'd']));
    expect(await rejection(readXlsx(wide))).toEqual({ code: 'pack.tooManyColumns', params: { line: 1, found: 4 } });
    const noContent = await workbook((ws) => {
      ws.addRow(['分组', '快捷编码']);
      ws.addRow(['售前', 'a']);
    });
    expect((await rejection(readXlsx(noContent))).code).toBe('pack.noContentColumn');
    const empty = await workbook(() => {});
    expect((await rejection(readPack(empty))).code).toBe('pack.empty');
  });
});

describe('writeXlsx', () => {
  const phrases: ExportPhrase[] = [
    { group: '售前', code: '001', content: '=1+1' },
    { group: '售前', code: null, content: '多\n行 _x0041_ 原样' },
    { group: '售后', code: 'th', content: "'apostrophe stays" },
  ];

  it('writes 分组, 快捷编码, 短语内容 with every cell a text cell (=1+1 stays a string, no apostrophe)', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writeXlsx(phrases)) as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('快捷短语');
    expect(ws.getRow(1).values).toEqual([undefined, '分组', '快捷编码', '短语内容']);
    const formulaLike = ws.getCell('C2');
    expect(formulaLike.type).toBe(ExcelJS.ValueType.String);
    expect(formulaLike.value).toBe('=1+1');
    expect(ws.getCell('B2').value).toBe('001');
    expect(ws.getCell('B2').numFmt).toBe('@');
    expect(ws.getCell('B3').value).toBeNull();
  });

  it('reads back as the same phrases', async () => {
    const p = await readPack(await writeXlsx(phrases));
    expect(cells(p)).toEqual([
      [2, '售前', '001', '=1+1'],
      [3, '售前', '', '多\n行 _x0041_ 原样'],
      [4, '售后', 'th', "'apostrophe stays"],
    ]);
  });

  it('keeps what XML and Excel would otherwise change: markup characters, edge spaces, line breaks', async () => {
    const tricky: ExportPhrase[] = [
      { group: 'A&B <组>', code: 'x"y', content: '  前后有空格  ' },
      { group: '售后', code: null, content: '第一行\n第二行\n' },
      { group: '售后', code: 'ctl', content: 'bell\u0007 removed, 表情 😀 kept' },
    ];
    const bytes = await writeXlsx(tricky);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A2').value).toBe('A&B <组>');
    expect(ws.getCell('C2').value).toBe('  前后有空格  ');
    expect(ws.getCell('C3').value).toBe('第一行\n第二行\n');
    expect(cells(await readXlsx(bytes))).toEqual([
      [2, 'A&B <组>', 'x"y', '  前后有空格  '],
      [3, '售后', '', '第一行\n第二行\n'],
      [4, '售后', 'ctl', 'bell removed, 表情 😀 kept'],
    ]);
  });

  it('freezes the bold header, wraps the content column, and writes the same bytes for the same list', async () => {
    const bytes = await writeXlsx(phrases);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0]!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.getCell('C2').alignment?.wrapText).toBe(true);
    expect(ws.getColumn(2).numFmt).toBe('@');
    expect(Buffer.from(await writeXlsx(phrases)).equals(Buffer.from(bytes))).toBe(true);
  });
});
