import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/db';
import { virtualClock } from '../shared/clock';
import { createPhraseService } from '../phrases/service';
import { createPackService, PREVIEW_CONTENT_MAX } from './service';
import { fixture, rejection, utf8 } from './testkit.test-util';

/** A list the agent has used for weeks, and the pack a colleague updated since. */
function setup() {
  const db = openDatabase(':memory:');
  const phrases = createPhraseService(db, virtualClock(Date.UTC(2026, 10, 30, 8)));
  const after = phrases.createGroup('售后');
  const th = phrases.createPhrase({ groupId: after.id, shortcutCode: 'th', content: '亲，支持七天无理由退换货' });
  phrases.createPhrase({ groupId: after.id, shortcutCode: 'kd', content: '亲，默认中通快递' });
  phrases.createPhrase({ groupId: after.id, shortcutCode: null, content: '亲，运费险已为您投保' });
  phrases.recordUse(th.id);
  return { phrases, packs: createPackService(phrases), th };
}

const UPDATED_PACK = utf8(
  [
    '分组,快捷编码,短语内容',
    '售后,th,亲，支持七天无理由退换货，运费我们出', // new text for th
    '售后,kd,亲，默认中通快递', // unchanged
    '售后,yf,亲，运费险已为您投保', // text already in the list (no code there): a duplicate either way
    '售后,bz,亲，正品保证，假一赔十', // new
    '售后,kd,亲，也可以发顺丰', // kd again
    '',
  ].join('\r\n'),
);

describe('pack service: re-importing a pack with codes the list holds', () => {
  it('previews every way of importing, and each import then does exactly what its preview said', async () => {
    const preview = await setup().packs.preview(UPDATED_PACK);
    expect(preview.outcomes.keep.counts).toEqual({ rows: 5, new: 3, updated: 0, duplicates: 2, problems: 2, codesKept: 2, notUpdated: 0 });
    expect(preview.outcomes.update.counts).toEqual({ rows: 5, new: 2, updated: 1, duplicates: 2, problems: 1, codesKept: 0, notUpdated: 0 });
    expect(preview.outcomes.replace.counts).toEqual({ rows: 5, new: 5, updated: 0, duplicates: 0, problems: 1, codesKept: 0, notUpdated: 0 });
    expect(preview.outcomes.update.problems).toEqual([{ line: 6, code: 'pack.codeRepeatedDropped', params: { code: 'kd', line: 3 } }]);
    // The top level is the default: merge, keeping codes.
    expect(preview.counts).toEqual(preview.outcomes.keep.counts);

    for (const [mode, options] of [
      ['keep', {}],
      ['update', { onCodeConflict: 'update' }],
      ['replace', { replace: true, onCodeConflict: 'update' }],
    ] as const) {
      const { packs, phrases } = setup();
      const asked = await packs.preview(UPDATED_PACK, options);
      expect(asked.counts).toEqual(preview.outcomes[mode].counts);
      const result = await packs.importPack(UPDATED_PACK, options);
      const expected = preview.outcomes[mode];
      expect({ new: result.imported, updated: result.updated, duplicates: result.duplicates, problems: result.problems }, mode).toEqual({
        new: expected.counts.new,
        updated: expected.counts.updated,
        duplicates: expected.counts.duplicates,
        problems: expected.problems,
      });
      if (mode === 'update') {
        expect((await phrases.search('th')).hits[0]!.phrase).toMatchObject({ content: '亲，支持七天无理由退换货，运费我们出', useCount: 1 });
      }
    }
  });

  it('a refused file changes nothing, whatever the choice', async () => {
    const { packs, phrases } = setup();
    const before = phrases.listPhrases();
    const refused = await rejection(packs.importPack(fixture('malformed.xml'), { onCodeConflict: 'update' }));
    expect(refused.code).toBe('pack.xmlMismatchedTag');
    expect(phrases.listPhrases()).toEqual(before);
  });

  it("shows an XML pack's real sources in the column mapping", async () => {
    const preview = await setup().packs.preview(fixture('pack-utf8.xml'));
    expect(preview.header).toEqual(['<group name>', '<phrase code>', '<phrase>']);
    expect(preview.mapping).toEqual({ group: 0, code: 1, content: 2, subgroup: -1 });
  });
});

function emptyPacks() {
  return createPackService(createPhraseService(openDatabase(':memory:'), virtualClock(Date.UTC(2026, 10, 30, 8))));
}

describe('what previews and problem reports quote back from a hostile pack', () => {
  // A 5 MB shortcut code and a 5 MB unknown XML element name: valid CSV and XML, hostile cells.
  const hugeCode = 'c'.repeat(5_000_000);

  it('cuts a quoted cell to 40 characters in the preview’s problems and sample, and in the import’s problems', async () => {
    const bytes = utf8(`分组,快捷编码,短语内容\n售前,${hugeCode},亲，在的\n售前,hi,${'长'.repeat(1000)}\n`);
    const preview = await emptyPacks().preview(bytes);
    expect(preview.problems).toEqual([{ line: 2, code: 'pack.codeInvalidDropped', params: { code: 'c'.repeat(40) + '…' } }]);
    expect(preview.sample[0]!.code).toBe('c'.repeat(40) + '…');
    expect(preview.sample[1]!.content).toBe('长'.repeat(PREVIEW_CONTENT_MAX) + '…');
    expect(JSON.stringify(preview).length).toBeLessThan(5_000);

    const result = await emptyPacks().importPack(bytes);
    expect(result.imported).toBe(2);
    expect(result.problems[0]!.params).toEqual({ code: 'c'.repeat(40) + '…' });
  });

  it('cuts an element name an XML pack reports as unknown', async () => {
    const name = 'x'.repeat(1_000_000);
    const preview = await emptyPacks().preview(utf8(`<phrasePack><${name}/><phrase>好</phrase></phrasePack>`));
    expect(preview.problems[0]!.params).toEqual({ name: 'x'.repeat(40) + '…' });
  });

  it('cuts a header cell the file names as an ignored column', async () => {
    const preview = await emptyPacks().preview(utf8(`分组,短语内容,${'备注'.repeat(100)}\n售前,亲\n`));
    expect(preview.ignoredColumns).toEqual(['备注'.repeat(20) + '…']);
  });
});
