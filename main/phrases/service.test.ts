import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/db';
import { virtualClock } from '../shared/clock';
import { isXiaoniuError } from '../shared/errors';
import { createPhraseService } from './service';

function setup() {
  const clock = virtualClock(Date.UTC(2026, 10, 30, 8));
  const db = openDatabase(':memory:');
  return { db, clock, phrases: createPhraseService(db, clock) };
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (isXiaoniuError(e)) return e.code;
    throw e;
  }
  return undefined;
}

describe('phrase service', () => {
  it('creates groups and phrases in display order, stamping times from the clock', () => {
    const { phrases, clock } = setup();
    const g = phrases.createGroup('  售后  ');
    expect(g.name).toBe('售后');
    const p = phrases.createPhrase({ groupId: g.id, shortcutCode: '/th', content: ' 亲，支持七天无理由退换货\r\n谢谢 ' });
    expect(p).toMatchObject({ shortcutCode: 'th', content: '亲，支持七天无理由退换货\n谢谢', groupName: '售后', createdAt: clock.now() });
    const dflt = phrases.listGroups()[0]!;
    expect(dflt).toMatchObject({ name: '默认分组', isDefault: true });
    phrases.createPhrase({ groupId: dflt.id, shortcutCode: null, content: '在的亲' });
    expect(phrases.listPhrases().map((x) => x.content)).toEqual(['在的亲', '亲，支持七天无理由退换货\n谢谢']);
  });

  it('keeps shortcut codes unique ignoring case and width, and accepts Chinese codes', () => {
    const { phrases } = setup();
    const gid = phrases.listGroups()[0]!.id;
    phrases.createPhrase({ groupId: gid, shortcutCode: 'AB', content: '一' });
    expect(codeOf(() => phrases.createPhrase({ groupId: gid, shortcutCode: 'ａｂ', content: '二' }))).toBe('phrase.codeTaken');
    expect(codeOf(() => phrases.createPhrase({ groupId: gid, shortcutCode: 'a b', content: '三' }))).toBe('phrase.codeInvalid');
    expect(codeOf(() => phrases.createPhrase({ groupId: gid, shortcutCode: 'x'.repeat(33), content: '三' }))).toBe('phrase.codeInvalid');
    expect(phrases.createPhrase({ groupId: gid, shortcutCode: '购物金退款', content: '四' }).shortcutCode).toBe('购物金退款');
    expect(codeOf(() => phrases.createPhrase({ groupId: gid, shortcutCode: null, content: '   ' }))).toBe('phrase.contentEmpty');
    expect(codeOf(() => phrases.createPhrase({ groupId: gid, shortcutCode: null, content: '好'.repeat(2001) }))).toBe('phrase.contentTooLong');
    expect(phrases.createPhrase({ groupId: gid, shortcutCode: null, content: '😊'.repeat(2000) }).content).toHaveLength(4000);
    expect(codeOf(() => phrases.createPhrase({ groupId: gid, shortcutCode: null, content: '一' }))).toBe('phrase.duplicate');
    expect(codeOf(() => phrases.createPhrase({ groupId: gid, shortcutCode: null, content: '乱码\uFFFD' }))).toBe('phrase.contentInvalidChars');
    expect(codeOf(() => phrases.createPhrase({ groupId: gid, shortcutCode: null, content: '响铃\u0007' }))).toBe('phrase.contentInvalidChars');
    expect(codeOf(() => phrases.createPhrase({ groupId: gid, shortcutCode: null, content: '半个\uD83D' }))).toBe('phrase.contentInvalidChars');
    expect(phrases.createPhrase({ groupId: gid, shortcutCode: null, content: '制表\t换行\n可以' }).content).toBe('制表\t换行\n可以');
  });

  it('deletes a non-empty group by moving its phrases to 默认分组, or with them', () => {
    const { phrases } = setup();
    const a = phrases.createGroup('尺码');
    const b = phrases.createGroup('包邮');
    phrases.createPhrase({ groupId: a.id, shortcutCode: 'cm', content: '亲，看尺码表哦' });
    phrases.createPhrase({ groupId: b.id, shortcutCode: 'by', content: '全场包邮' });
    phrases.deleteGroup(a.id, 'moveToDefault');
    phrases.deleteGroup(b.id, 'deletePhrases');
    expect(phrases.listPhrases().map((p) => [p.groupName, p.content])).toEqual([['默认分组', '亲，看尺码表哦']]);
    expect(codeOf(() => phrases.deleteGroup(phrases.listGroups()[0]!.id, 'deletePhrases'))).toBe('group.defaultLocked');
    expect(codeOf(() => phrases.renameGroup(phrases.listGroups()[0]!.id, 'x'))).toBe('group.defaultLocked');
  });

  it('ranks search by code prefix, then use count, and follows edits and uses', async () => {
    const { phrases } = setup();
    const gid = phrases.listGroups()[0]!.id;
    const a = phrases.createPhrase({ groupId: gid, shortcutCode: 'fh', content: '当天发货' });
    const b = phrases.createPhrase({ groupId: gid, shortcutCode: 'kd', content: '发货用中通' });
    expect((await phrases.search('发货')).hits.map((h) => h.phrase.id)).toEqual([a.id, b.id]);
    phrases.recordUse(b.id);
    expect((await phrases.search('发货')).hits.map((h) => h.phrase.id)).toEqual([b.id, a.id]);
    expect((await phrases.search('f 发货')).hits.map((h) => [h.phrase.id, h.codeMatch])).toEqual([[a.id, true]]);
    phrases.updatePhrase(a.id, { groupId: gid, shortcutCode: 'fh', content: '明天发' });
    expect((await phrases.search('发货')).total).toBe(1);
    phrases.deletePhrase(b.id);
    expect((await phrases.search('发货')).total).toBe(0);
  });

  it('ranks phrases of a new group after older groups, in display order, while the index is live', async () => {
    const { phrases } = setup();
    const a = phrases.createGroup('甲');
    phrases.createPhrase({ groupId: a.id, shortcutCode: null, content: '甲组发货' });
    expect((await phrases.search('发货')).total).toBe(1); // the index is now live
    const b = phrases.createGroup('乙');
    phrases.createPhrase({ groupId: b.id, shortcutCode: null, content: '乙组发货' });
    phrases.createPhrase({ groupId: a.id, shortcutCode: null, content: '甲组再发货' });
    const live = (await phrases.search('发货')).hits.map((h) => h.phrase.content);
    phrases.invalidate();
    expect(live).toEqual((await phrases.search('发货')).hits.map((h) => h.phrase.content));
    expect(live).toEqual(['甲组发货', '甲组再发货', '乙组发货']);
  });

  it('sees rows another connection committed (the CLI, an import worker)', async () => {
    const { phrases, db } = setup();
    expect((await phrases.search('退款')).total).toBe(0);
    // Simulate a second connection's commit: the service must not trust its stale index.
    const other = createPhraseService(db, virtualClock());
    other.importRows([{ line: 2, group: '', code: '', content: '退款已原路返回' }]);
    phrases.invalidate();
    expect((await phrases.search('退款')).total).toBe(1);
  });

  describe('importRows', () => {
    it('merges: skips identical phrases, drops bad or taken codes with a problem, defaults empty groups', () => {
      const { phrases } = setup();
      const gid = phrases.listGroups()[0]!.id;
      phrases.createPhrase({ groupId: gid, shortcutCode: 'hi', content: '亲，您好' });
      const summary = phrases.importRows([
        { line: 2, group: '未分组', code: 'new', content: '亲，您好' },
        { line: 3, group: '售后', code: 'HI', content: '退换货说明' },
        { line: 4, group: '售后', code: 'a b', content: '第二条' },
        { line: 5, group: '', code: '', content: '   ' },
        { line: 6, group: '售后', code: '', content: '退换货说明' },
      ]);
      expect(summary).toEqual({
        imported: 2,
        duplicates: 2,
        groups: 1,
        problems: [
          { line: 3, code: 'pack.codeTakenDropped', params: { code: 'HI' } },
          { line: 4, code: 'pack.codeInvalidDropped', params: { code: 'a b' } },
          { line: 5, code: 'phrase.contentEmpty', params: {} },
        ],
      });
      expect(phrases.listPhrases().find((p) => p.content === '亲，您好')!.shortcutCode).toBe('hi');
    });

    it('replaces atomically; a cancel or an empty replacement leaves the old list', () => {
      const { phrases } = setup();
      const gid = phrases.listGroups()[0]!.id;
      phrases.createPhrase({ groupId: gid, shortcutCode: 'old', content: '旧短语' });
      const rows = Array.from({ length: 2500 }, (_, i) => ({ line: i + 2, group: '新', code: '', content: `新短语${i}` }));
      let polls = 0;
      expect(codeOf(() => phrases.importRows(rows, { replace: true, isCancelled: () => ++polls > 2 }))).toBe('pack.cancelled');
      expect(phrases.listPhrases().map((p) => p.content)).toEqual(['旧短语']);
      expect(codeOf(() => phrases.importRows([{ line: 2, group: '', code: '', content: ' ' }], { replace: true }))).toBe('pack.nothingToImport');
      expect(phrases.listPhrases().map((p) => p.content)).toEqual(['旧短语']);
      const progress: number[] = [];
      expect(phrases.importRows(rows, { replace: true, onProgress: (d) => progress.push(d) }).imported).toBe(2500);
      expect(progress).toEqual([1000, 2000, 2500]);
      expect(phrases.listPhrases()).toHaveLength(2500);
      expect(phrases.listGroups().map((g) => g.name)).toEqual(['默认分组', '新']);
    });

    it('counts a dry run without writing anything', () => {
      const { phrases } = setup();
      const s = phrases.importRows([{ line: 2, group: 'x', code: 'c', content: 'y' }], { dryRun: true });
      expect(s.imported).toBe(1);
      expect(phrases.listPhrases()).toEqual([]);
      expect(phrases.listGroups().map((g) => g.name)).toEqual(['默认分组']);
    });
  });
});
