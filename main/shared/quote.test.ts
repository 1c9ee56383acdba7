import { describe, expect, it } from 'vitest';
import { XiaoniuError } from './errors';
import { boundParams, clipQuoted, QUOTE_MAX } from './quote';

describe('clipQuoted', () => {
  it('keeps a value of up to 40 code points and cuts a longer one with an ellipsis', () => {
    expect(clipQuoted('亲'.repeat(40))).toBe('亲'.repeat(40));
    expect(clipQuoted('亲'.repeat(41))).toBe('亲'.repeat(40) + '…');
    expect(QUOTE_MAX).toBe(40);
  });

  it('never splits a surrogate pair and shows line breaks as ⏎', () => {
    expect(clipQuoted('😊'.repeat(50))).toBe('😊'.repeat(40) + '…');
    expect(clipQuoted('第一行\r\n第二行\n第三行')).toBe('第一行⏎第二行⏎第三行');
  });

  it('cuts a 50 MB value (the code that once came back whole in a message)', () => {
    expect(clipQuoted('x'.repeat(50 * 1024 * 1024))).toBe('x'.repeat(40) + '…');
  });
});

describe('boundParams and XiaoniuError', () => {
  it('cuts every quoted value of an error, keeps numbers, and gives paths and lists more room', () => {
    const e = new XiaoniuError('pack.codeInvalidDropped', { code: 'a'.repeat(1_000_000), line: 7 });
    expect(e.params).toEqual({ code: 'a'.repeat(40) + '…', line: 7 });
    expect(e.message.length).toBeLessThan(200);
    const path = '/home/agent/' + '很长的文件夹/'.repeat(20) + 'phrases.csv';
    expect(boundParams({ file: path }).file).toBe(path);
    expect(String(boundParams({ columns: '“分组” '.repeat(100) }).columns).length).toBeLessThanOrEqual(301);
  });

  it('returns the same object when nothing needs cutting', () => {
    const params = { code: 'hi', line: 1 };
    expect(boundParams(params)).toBe(params);
  });
});
