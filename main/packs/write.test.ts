import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { isXiaoniuError } from '../shared/errors';
import { readPack } from './read';
import type { ExportFormat, ExportPhrase } from './types';
import { writePack } from './write';

const phrases: ExportPhrase[] = [
  { group: '售前', code: 'hi', content: '亲，在的' },
  { group: '默认分组', code: null, content: '=1+1\n第二行' },
];

describe('writePack', () => {
  it.each<[ExportFormat, string]>([
    ['csv', 'utf-8'],
    ['qianniu-csv', 'gb18030'],
    ['xml', 'utf-8'],
    ['xlsx', 'utf-8'],
  ])('%s reads back as the same phrases', async (format, encoding) => {
    const p = await readPack(await writePack(phrases, format, {}));
    expect(p.encoding).toBe(encoding);
    expect(p.rows.map(({ group, code, content }) => [group, code, content])).toEqual([
      ['售前', 'hi', '亲，在的'],
      [format === 'qianniu-csv' ? '' : '默认分组', '', '=1+1\n第二行'],
    ]);
  });

  it('writes our CSV in GB18030 when asked', async () => {
    const out = await writePack(phrases, 'csv', { encoding: 'gb18030' });
    expect(iconv.decode(Buffer.from(out), 'gb18030').startsWith('分组,快捷编码,短语内容\r\n')).toBe(true);
    expect((await readPack(out)).encoding).toBe('gb18030');
  });

  it("refuses Qianniu's GBK layout for emoji", async () => {
    let err: unknown;
    try {
      await writePack([{ group: '售前', code: 'xl', content: '😊' }], 'qianniu-csv', {});
    } catch (e) {
      err = e;
    }
    expect(isXiaoniuError(err, 'pack.unencodable')).toBe(true);
  });

  it('writes an empty list as a header-only file', async () => {
    const out = await writePack([], 'csv', {});
    expect(Buffer.from(out).toString('utf8')).toBe('\uFEFF分组,快捷编码,短语内容\r\n');
  });
});
