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

  describe('a bulk import (the first one, a replace)', () => {
    const rows = (n: number, from = 0) =>
      Array.from({ length: n }, (_, i) => ({ line: i + 2, group: `分组${(i + from) % 7}`, code: `c${i + from}`, content: `亲，第${i + from}条` }));
    const indexSql = (db: ReturnType<typeof setup>['db']) =>
      (db.prepare("SELECT group_concat(sql, '; ') AS sql FROM (SELECT sql FROM sqlite_master WHERE name IN ('phrase_by_group_order', 'phrase_by_code_key') ORDER BY name)").get() as { sql: string | null }).sql ?? undefined;

    it('keeps the display order and its index, and a cancelled one leaves both as they were', () => {
      const { phrases, db } = setup();
      const before = indexSql(db);
      expect(before).toContain('phrase(group_id, sort_order)');
      expect(before).toContain('UNIQUE INDEX phrase_by_code_key ON phrase(code_key)');
      expect(phrases.importRows(rows(6000)).imported).toBe(6000);
      expect(indexSql(db)).toBe(before);
      // Foreign keys were not checked row by row, and are back on with nothing dangling.
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      const list = phrases.listPhrases();
      // Group by group, in file order within each.
      expect(list.slice(0, 3).map((p) => p.content)).toEqual(['亲，第0条', '亲，第7条', '亲，第14条']);
      expect(list.filter((p) => p.groupName === '分组3').map((p) => p.sortOrder)).toEqual([...Array(list.filter((p) => p.groupName === '分组3').length).keys()]);
      const plan = db.prepare('EXPLAIN QUERY PLAN SELECT id FROM phrase WHERE group_id = 1 ORDER BY sort_order').all() as { detail: string }[];
      expect(plan.map((r) => r.detail).join()).toContain('phrase_by_group_order');
      // Codes stay unique after the index is rebuilt.
      expect(codeOf(() => phrases.createPhrase({ groupId: list[0]!.groupId, shortcutCode: 'C5', content: '重复编码' }))).toBe('phrase.codeTaken');
      expect(() => db.prepare("UPDATE phrase SET code_key = 'c1' WHERE code_key = 'c2'").run()).toThrow(/UNIQUE/);

      let polls = 0;
      expect(codeOf(() => phrases.importRows(rows(8000, 6000), { replace: true, isCancelled: () => ++polls > 3 }))).toBe('pack.cancelled');
      expect(indexSql(db)).toBe(before);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(phrases.listPhrases()).toEqual(list);
    });
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
        updated: 0,
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
  describe('importRows with onCodeConflict (re-importing a team pack)', () => {
    /** A list as an agent has it after weeks of use: codes, use counts, a last-used time. */
    function usedList() {
      const env = setup();
      const { phrases, clock } = env;
      const after = phrases.createGroup('售后');
      const pre = phrases.createGroup('售前');
      const th = phrases.createPhrase({ groupId: after.id, shortcutCode: 'th', content: '亲，支持七天无理由退换货' });
      const kd = phrases.createPhrase({ groupId: after.id, shortcutCode: 'kd', content: '亲，默认中通快递' });
      const hi = phrases.createPhrase({ groupId: pre.id, shortcutCode: 'hi', content: '亲，在的' });
      clock.advance(60_000);
      phrases.recordUse(th.id);
      phrases.recordUse(th.id);
      phrases.recordUse(th.id);
      clock.advance(60_000);
      return { ...env, after, pre, th: phrases.listPhrases().find((p) => p.id === th.id)!, kd, hi };
    }
    const byId = (phrases: ReturnType<typeof setup>['phrases'], id: number) => phrases.listPhrases().find((p) => p.id === id)!;
    const rowsOf = (phrases: ReturnType<typeof setup>['phrases']) => phrases.listPhrases().map((p) => [p.groupName, p.shortcutCode, p.content]);

    it('keep (the default): the existing phrase keeps its code, the row comes in without it', () => {
      const { phrases, th } = usedList();
      const s = phrases.importRows([{ line: 2, group: '售后', code: 'th', content: '亲，支持七天无理由退换货，运费我们出' }]);
      expect(s).toMatchObject({ imported: 1, updated: 0, duplicates: 0, problems: [{ line: 2, code: 'pack.codeTakenDropped', params: { code: 'th' } }] });
      expect(byId(phrases, th.id)).toMatchObject({ shortcutCode: 'th', content: '亲，支持七天无理由退换货' });
    });

    it('update: the phrase holding the code takes the row in place — same id, use count and last use; /th finds the new text', async () => {
      const { phrases, th, clock } = usedList();
      expect((await phrases.search('运费')).total).toBe(0); // the index is live before the import
      const s = phrases.importRows([{ line: 2, group: '售后', code: 'TH', content: '亲，支持七天无理由退换货，运费我们出' }], { onCodeConflict: 'update' });
      expect(s).toEqual({ imported: 0, updated: 1, duplicates: 0, groups: 1, problems: [] });
      const now = byId(phrases, th.id);
      expect(now).toEqual({
        ...th,
        shortcutCode: 'TH', // the file's spelling: the file is what the team agreed on
        content: '亲，支持七天无理由退换货，运费我们出',
        updatedAt: clock.now(),
      });
      expect(now.useCount).toBe(3);
      expect(phrases.listPhrases()).toHaveLength(3);
      // The position in its group stays; the search index follows the import.
      expect(rowsOf(phrases)[0]).toEqual(['售后', 'TH', '亲，支持七天无理由退换货，运费我们出']);
      expect((await phrases.search('th')).hits.map((h) => h.phrase.content)).toEqual(['亲，支持七天无理由退换货，运费我们出']);
      expect((await phrases.search('无理由')).hits.map((h) => h.phrase.id)).toEqual([th.id]);
    });

    it('update: a row identical to the phrase is a duplicate, not an update, and writes nothing', () => {
      const { phrases, th, kd } = usedList();
      const s = phrases.importRows(
        [
          { line: 2, group: '售后', code: 'th', content: '亲，支持七天无理由退换货' },
          { line: 3, group: '售后', code: 'ＫＤ', content: '亲，默认中通快递' },
        ],
        { onCodeConflict: 'update' },
      );
      expect(s).toEqual({ imported: 0, updated: 1, duplicates: 1, groups: 1, problems: [] });
      expect(byId(phrases, th.id)).toEqual(th);
      // Same text, the code spelled differently (full width): the list shows the file's spelling.
      expect(byId(phrases, kd.id).shortcutCode).toBe('ＫＤ');
    });

    it('update: moving to a new group creates it; moving to an existing group puts the phrase at its end', () => {
      const { phrases, th, hi } = usedList();
      const s = phrases.importRows(
        [
          { line: 2, group: '退换货', code: 'th', content: '亲，支持七天无理由退换货' },
          { line: 3, group: '售后', code: 'hi', content: '亲，在的，售后问题请讲' },
        ],
        { onCodeConflict: 'update' },
      );
      expect(s).toMatchObject({ imported: 0, updated: 2, duplicates: 0, groups: 2 });
      expect(phrases.listGroups().map((g) => [g.name, g.phraseCount])).toEqual([
        ['默认分组', 0],
        ['售后', 2],
        ['售前', 0],
        ['退换货', 1],
      ]);
      expect(rowsOf(phrases)).toEqual([
        ['售后', 'kd', '亲，默认中通快递'],
        ['售后', 'hi', '亲，在的，售后问题请讲'],
        ['退换货', 'th', '亲，支持七天无理由退换货'],
      ]);
      expect(byId(phrases, th.id).useCount).toBe(3);
      expect(byId(phrases, hi.id).id).toBe(hi.id);
    });

    it('update: never makes two identical phrases — the row counts as a duplicate and is reported', () => {
      const { phrases, th, after } = usedList();
      phrases.createPhrase({ groupId: after.id, shortcutCode: null, content: '亲，运费险已为您投保' });
      const before = phrases.listPhrases();
      const s = phrases.importRows([{ line: 7, group: '售后', code: 'th', content: '亲，运费险已为您投保' }], { onCodeConflict: 'update' });
      expect(s).toEqual({ imported: 0, updated: 0, duplicates: 1, groups: 0, problems: [{ line: 7, code: 'pack.codeNotUpdated', params: { code: 'th' } }] });
      expect(phrases.listPhrases()).toEqual(before);
      expect(byId(phrases, th.id).content).toBe('亲，支持七天无理由退换货');
    });

    it('update: the same code twice in a file — the first row wins, the later one comes in without the code', () => {
      const { phrases, th } = usedList();
      const s = phrases.importRows(
        [
          { line: 2, group: '售后', code: 'th', content: '   ' }, // skipped: not the one that decides
          { line: 3, group: '售后', code: 'th', content: '第一版退换货说明' },
          { line: 4, group: '售后', code: 'Th', content: '第二版退换货说明' },
          { line: 5, group: '售后', code: 'new', content: '新编码第一条' },
          { line: 6, group: '售后', code: 'NEW', content: '新编码第二条' },
        ],
        { onCodeConflict: 'update' },
      );
      expect(s).toEqual({
        imported: 3,
        updated: 1,
        duplicates: 0,
        groups: 1,
        problems: [
          { line: 2, code: 'phrase.contentEmpty', params: {} },
          { line: 4, code: 'pack.codeRepeatedDropped', params: { code: 'Th', line: 3 } },
          { line: 6, code: 'pack.codeRepeatedDropped', params: { code: 'NEW', line: 5 } },
        ],
      });
      expect(byId(phrases, th.id)).toMatchObject({ shortcutCode: 'th', content: '第一版退换货说明', useCount: 3 });
      expect(rowsOf(phrases).slice(2, 5)).toEqual([
        ['售后', null, '第二版退换货说明'],
        ['售后', 'new', '新编码第一条'],
        ['售后', null, '新编码第二条'],
      ]);
    });

    it('update: where the rows stand in the file does not change what the list becomes', () => {
      // The file keeps the old text as a phrase without a code and gives the code a new text.
      const rows = [
        { line: 2, group: '售后', code: '', content: '亲，支持七天无理由退换货' },
        { line: 3, group: '售后', code: 'th', content: '亲，七天无理由退换货，运费我们出' },
      ];
      const outcomes = [rows, [...rows].reverse()].map((file) => {
        const { phrases, th } = usedList();
        const s = phrases.importRows(file, { onCodeConflict: 'update' });
        expect(byId(phrases, th.id)).toMatchObject({ content: '亲，七天无理由退换货，运费我们出', useCount: 3 });
        return { s, list: rowsOf(phrases).sort() };
      });
      expect(outcomes[0]!.s).toMatchObject({ imported: 1, updated: 1, duplicates: 0, problems: [] });
      expect(outcomes[1]).toEqual(outcomes[0]);
      expect(outcomes[0]!.list).toContainEqual(['售后', null, '亲，支持七天无理由退换货']);
    });

    it('update: a chain of texts moving along codes goes through in any order; a swap is refused and reported', () => {
      for (const order of [0, 1]) {
        const { phrases, th, kd } = usedList();
        // th takes kd's text while kd gets a new one.
        const chain = [
          { line: 2, group: '售后', code: 'th', content: '亲，默认中通快递' },
          { line: 3, group: '售后', code: 'kd', content: '亲，默认顺丰快递' },
        ];
        const s = phrases.importRows(order ? [...chain].reverse() : chain, { onCodeConflict: 'update' });
        expect(s).toMatchObject({ imported: 0, updated: 2, duplicates: 0, problems: [] });
        expect([byId(phrases, th.id).content, byId(phrases, kd.id).content]).toEqual(['亲，默认中通快递', '亲，默认顺丰快递']);
      }
      const { phrases, th, kd } = usedList();
      const before = phrases.listPhrases();
      const s = phrases.importRows(
        [
          { line: 2, group: '售后', code: 'th', content: kd.content },
          { line: 3, group: '售后', code: 'kd', content: th.content },
        ],
        { onCodeConflict: 'update' },
      );
      expect(s).toMatchObject({
        updated: 0,
        duplicates: 2,
        problems: [
          { line: 2, code: 'pack.codeNotUpdated', params: { code: 'th' } },
          { line: 3, code: 'pack.codeNotUpdated', params: { code: 'kd' } },
        ],
      });
      expect(phrases.listPhrases()).toEqual(before);
    });

    it('update: a new phrase whose text a code just left is added; one the code now has is a duplicate', () => {
      const { phrases } = usedList();
      const s = phrases.importRows(
        [
          { line: 2, group: '售后', code: 'th', content: '新的退换货说明' },
          { line: 3, group: '售后', code: 'x1', content: '新的退换货说明' },
          { line: 4, group: '售后', code: 'x2', content: '亲，支持七天无理由退换货' },
        ],
        { onCodeConflict: 'update' },
      );
      expect(s).toMatchObject({ imported: 1, updated: 1, duplicates: 1, problems: [] });
      expect(rowsOf(phrases).filter((r) => r[0] === '售后')).toEqual([
        ['售后', 'th', '新的退换货说明'],
        ['售后', 'kd', '亲，默认中通快递'],
        ['售后', 'x2', '亲，支持七天无理由退换货'],
      ]);
    });

    it('update is moot with replace: the list is cleared first, so nothing conflicts', () => {
      const { phrases } = usedList();
      const rows = [
        { line: 2, group: '售后', code: 'th', content: '新的退换货说明' },
        { line: 3, group: '售后', code: 'th', content: '重复编码' },
      ];
      const s = phrases.importRows(rows, { replace: true, onCodeConflict: 'update' });
      expect(s).toEqual({
        imported: 2,
        updated: 0,
        duplicates: 0,
        groups: 1,
        problems: [{ line: 3, code: 'pack.codeRepeatedDropped', params: { code: 'th', line: 2 } }],
      });
      expect(rowsOf(phrases)).toEqual([
        ['售后', 'th', '新的退换货说明'],
        ['售后', null, '重复编码'],
      ]);
    });

    it('a dry run counts exactly what the import then does, for each choice, and writes nothing', () => {
      const file = [
        { line: 2, group: '售后', code: 'th', content: '亲，支持七天无理由退换货' }, // identical
        { line: 3, group: '售后', code: 'kd', content: '亲，默认顺丰快递' }, // new text
        { line: 4, group: '新组', code: 'hi', content: '亲，在的' }, // moves to a new group
        { line: 5, group: '新组', code: 'hi', content: '第二个 hi' },
        { line: 6, group: '新组', code: 'zz', content: '全新短语' },
        { line: 7, group: '新组', code: 'bad code', content: '编码无效' },
        { line: 8, group: '售后', code: '', content: '亲，默认中通快递' }, // the text kd left
        { line: 9, group: '', code: '', content: '' },
      ];
      for (const onCodeConflict of ['keep', 'update'] as const) {
        for (const replace of [false, true]) {
          const { phrases } = usedList();
          const before = phrases.listPhrases();
          const groupsBefore = phrases.listGroups();
          const dry = phrases.importRows(file, { onCodeConflict, replace, dryRun: true });
          expect(phrases.listPhrases()).toEqual(before);
          expect(phrases.listGroups()).toEqual(groupsBefore);
          expect(phrases.importRows(file, { onCodeConflict, replace }), `${onCodeConflict}${replace ? ' replace' : ''}`).toEqual(dry);
        }
      }
      const { phrases } = usedList();
      expect(phrases.importRows(file, { onCodeConflict: 'update', dryRun: true })).toMatchObject({ imported: 4, updated: 2, duplicates: 1 });
      expect(phrases.importRows(file, { onCodeConflict: 'keep', dryRun: true })).toMatchObject({ imported: 5, updated: 0, duplicates: 2 });
    });

    it('a cancelled update changes nothing: texts, groups, use counts stay as they were', () => {
      const { phrases, th } = usedList();
      const before = phrases.listPhrases();
      const groupsBefore = phrases.listGroups();
      const rows = [
        { line: 2, group: '改过的组', code: 'th', content: '改过的退换货说明' },
        ...Array.from({ length: 2500 }, (_, i) => ({ line: i + 3, group: '新', code: `n${i}`, content: `新短语${i}` })),
      ];
      let polls = 0;
      // Polled before each pass and every 1,000 rows: the 4th poll is in the middle of the writes.
      expect(codeOf(() => phrases.importRows(rows, { onCodeConflict: 'update', isCancelled: () => ++polls > 3 }))).toBe('pack.cancelled');
      expect(polls).toBe(4);
      expect(phrases.listPhrases()).toEqual(before);
      expect(phrases.listGroups()).toEqual(groupsBefore);
      expect(byId(phrases, th.id).useCount).toBe(3);
    });
  });
});
