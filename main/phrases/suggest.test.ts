import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { openDatabase } from '../store/db';
import { virtualClock } from '../shared/clock';
import { createPhraseService } from './service';
import { createPackService } from '../packs/service';
import { starterPackFile } from '../app';
import { SuggestIndex, suggestTerms, type SuggestDoc } from './suggest';

async function starterPack() {
  const db = openDatabase(':memory:');
  const phrases = createPhraseService(db, virtualClock(Date.UTC(2026, 10, 30, 8)));
  await createPackService(phrases).importPack(new Uint8Array(fs.readFileSync(starterPackFile())));
  return { db, phrases };
}

const codesOf = (r: { hits: { phrase: { shortcutCode: string | null } }[] }) => r.hits.map((h) => h.phrase.shortcutCode);

describe('suggested replies', () => {
  it('cuts Han text into pairs and characters (particles only inside pairs), keeps Latin words and digits whole, and drops emoticon codes', () => {
    const t = suggestTerms('包邮吗？/:^_^ 要ＸＬ码 99元');
    expect([...t.keys()].sort()).toEqual(
      ['p:包邮', 'p:邮吗', 'u:包', 'u:邮', 'u:要', 'w:xl', 'u:码', 'w:99', 'u:元'].sort(),
    );
    expect(suggestTerms('发货发货').get('p:发货')).toBe(2);
  });

  it("answers a buyer's everyday questions with the starter pack's matching phrase first", async () => {
    const { phrases, db } = await starterPack();
    const top = async (message: string) => codesOf(await phrases.suggest(message, 3))[0];
    const content = async (message: string) => (await phrases.suggest(message, 1)).hits[0]?.phrase.content ?? '';
    expect(await content('在吗')).toMatch(/在的/);
    expect(await content('这款偏大还是偏小？')).toMatch(/偏/);
    expect(await content('有运费险吗')).toMatch(/运费险/);
    expect(await content('什么时候发货呀')).toMatch(/发货/);
    expect(await content('有优惠券吗')).toMatch(/优惠券/);
    expect(await content('可以退货吗')).toMatch(/退货/);
    expect(await content('有实拍图吗')).toMatch(/实拍/);
    expect(await content('包邮吗')).toMatch(/包邮/);
    expect(await content('是正品吗')).toMatch(/正品/);
    expect(await content('改一下地址')).toMatch(/地址/);
    expect(await content('发什么快递')).toMatch(/快递/);
    // A buyer writing Traditional characters (Hong Kong, Taiwan) meets the Simplified phrases.
    expect(await content('請問什麼時候發貨')).toMatch(/发货/);
    expect(await content('質量怎麼樣')).toMatch(/质量/);
    expect(await top('ok')).toBeUndefined();
    expect((await phrases.suggest('', 3)).hits).toEqual([]);
    db.close();
  });

  it('breaks a tie of equally good answers by use count, then by list order', () => {
    const docs: SuggestDoc[] = [
      { id: 1, content: '亲，包邮的哦', useCount: 0, listOrder: 1 },
      { id: 2, content: '亲，包邮的呢', useCount: 0, listOrder: 2 },
      { id: 3, content: '质量有保证', useCount: 50, listOrder: 0 },
    ];
    const index = new SuggestIndex(docs);
    expect(index.suggest('包邮吗', 3)).toEqual([1, 2]);
    index.upsert({ ...docs[1]!, useCount: 20 });
    expect(index.suggest('包邮吗', 3)).toEqual([2, 1]);
    // A popular phrase that shares nothing with the message is never suggested.
    expect(index.suggest('包邮吗', 3)).not.toContain(3);
  });

  it('stays equal to a fresh build through edits, deletions and compactions', () => {
    let seed = 11;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const words = ['包邮', '发货', '快递', '尺码', '偏大', '退换', '质量', '优惠', '在的', '亲', 'XL', '七天'];
    const text = () => Array.from({ length: 1 + Math.floor(rand() * 5) }, () => words[Math.floor(rand() * words.length)]).join('，');
    const live = new Map<number, SuggestDoc>();
    const index = new SuggestIndex();
    for (let step = 0; step < 3000; step++) {
      const id = 1 + Math.floor(rand() * 200);
      const r = rand();
      if (r < 0.6) {
        const doc = { id, content: rand() < 0.3 && live.has(id) ? live.get(id)!.content : text(), useCount: Math.floor(rand() * 9), listOrder: id };
        live.set(id, doc);
        index.upsert(doc);
      } else {
        live.delete(id);
        index.remove(id);
      }
    }
    const fresh = new SuggestIndex([...live.values()]);
    expect(index.size).toBe(live.size);
    for (let q = 0; q < 50; q++) {
      const message = text();
      const got = index.suggest(message, 5);
      const want = fresh.suggest(message, 5);
      // Dead slots count in document frequencies until a compaction, so scores may differ a little:
      // the same phrases are found, and every suggestion is a live phrase sharing a term.
      expect(new Set(got).size).toBe(got.length);
      for (const id of got) expect(live.has(id)).toBe(true);
      expect(got.length).toBe(want.length);
    }
  });
});
