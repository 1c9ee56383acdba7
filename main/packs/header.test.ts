import { describe, expect, it } from 'vitest';
import { isXiaoniuError } from '../shared/errors';
import { groupOf, inferMapping, matchHeader, normaliseHeaderCell, roleOf } from './header';

describe('normaliseHeaderCell', () => {
  it('trims, folds case and width, and drops one trailing note in brackets', () => {
    expect(normaliseHeaderCell('  话术内容（必填） ')).toBe('话术内容');
    expect(normaliseHeaderCell('Content (required)')).toBe('content');
    expect(normaliseHeaderCell('ＣＯＤＥ')).toBe('code');
    expect(normaliseHeaderCell('\uFEFF分组')).toBe('分组');
    expect(normaliseHeaderCell('内容【必填】')).toBe('内容');
  });
});

describe('roleOf', () => {
  it('matches exact names only, never substrings (Qianniu: 快捷短语编码 is code, 快捷短语 content)', () => {
    expect(roleOf('快捷短语编码')).toBe('code');
    expect(roleOf('快捷短语')).toBe('content');
    expect(roleOf('快捷短语分组')).toBe('group');
    expect(roleOf('短语内容备注')).toBeNull();
    expect(roleOf('话术标题')).toBeNull();
  });

  it('knows every header name docs/packs.md lists', () => {
    for (const n of ['分组', '分组名称', '分组名', '快捷短语分组', '一级分类', '分类', 'group', 'category']) expect(roleOf(n)).toBe('group');
    for (const n of ['快捷编码', '快捷短语编码', '编码', '快捷键', '短码', 'shortcut', 'code']) expect(roleOf(n)).toBe('code');
    for (const n of ['短语内容', '快捷短语', '短语', '内容', '回复内容', '话术内容', 'content', 'phrase', 'text']) expect(roleOf(n)).toBe('content');
    expect(roleOf('二级分类')).toBe('subgroup');
  });
});

describe('matchHeader', () => {
  it("maps Qianniu's order: code, content, group last", () => {
    expect(matchHeader(['快捷短语编码', '快捷短语', '快捷短语分组'])).toEqual({
      mapping: { code: 0, content: 1, group: 2, subgroup: -1 },
      ignoredColumns: [],
      wangwang: false,
    });
  });

  it('flags the Wangwang-era header', () => {
    expect(matchHeader(['快捷编码', '快捷短语', '快捷短语分组'])?.wangwang).toBe(true);
  });

  it('maps a team template and reports the columns it ignores', () => {
    expect(matchHeader(['一级分类', '二级分类', '话术标题', '话术内容（必填）'])).toEqual({
      mapping: { group: 0, subgroup: 1, code: -1, content: 3 },
      ignoredColumns: ['话术标题'],
      wangwang: false,
    });
  });

  it('recognises a header by its content column alone (a one-column file)', () => {
    expect(matchHeader(['内容'])?.mapping).toEqual({ group: -1, code: -1, content: 0, subgroup: -1 });
  });

  it('does not take a data row with one stray known word for a header', () => {
    expect(matchHeader(['分类', '亲，在的'])).toBeNull();
    expect(matchHeader(['售前', 'hi', '亲，在的'])).toBeNull();
  });

  it('refuses a header of known names without a content column', () => {
    let err: unknown;
    try {
      matchHeader(['分组', '快捷编码', '备注']);
    } catch (e) {
      err = e;
    }
    expect(isXiaoniuError(err, 'pack.noContentColumn')).toBe(true);
    expect((err as { params: unknown }).params).toEqual({ columns: '“分组” “快捷编码” “备注”' });
  });
});

describe('inferMapping (no header)', () => {
  it('reads 3 columns as group, code, content and 1 as content', () => {
    expect(inferMapping(3, [])).toEqual({ group: 0, code: 1, content: 2, subgroup: -1 });
    expect(inferMapping(1, [])).toEqual({ group: -1, code: -1, content: 0, subgroup: -1 });
  });

  it('reads 2 columns as code, content when every non-empty first cell is an ASCII code', () => {
    expect(inferMapping(2, ['hi', '', 'after-sale_2', '/bye'])).toEqual({ group: -1, code: 0, content: 1, subgroup: -1 });
  });

  it('reads 2 columns as group, content otherwise (Chinese first cells are groups here)', () => {
    expect(inferMapping(2, ['hi', '售前'])).toEqual({ group: 0, code: -1, content: 1, subgroup: -1 });
  });
});

describe('groupOf', () => {
  const m = { group: 0, subgroup: 1, code: -1, content: 2 };
  it('joins 一级分类/二级分类 when the subgroup cell is filled', () => {
    expect(groupOf(['售前', '尺码', 'x'], m)).toBe('售前/尺码');
    expect(groupOf(['售前', ' ', 'x'], m)).toBe('售前');
    expect(groupOf(['', '尺码', 'x'], m)).toBe('尺码');
  });
});
