import { fold } from './match';
import { toSimplified } from '../shared/simplified';

/**
 * Suggested replies (推荐回复): the phrases that best answer a buyer's message, ranked on the
 * machine — nothing leaves it (docs/phrases.md "Suggested replies").
 *
 * **Terms.** Both sides are folded as search folds them (NFKC + case folding) and Traditional
 * characters read as Simplified (OpenCC, `main/shared/simplified.ts`: a buyer's 發貨 is 发货),
 * emoticon codes (`/:^_^`) are dropped, and the text is cut into terms: every overlapping pair of Han characters
 * (包邮, 邮吗 — a Chinese word is mostly two characters, the idea of Lucene's CJK bigram analyzer),
 * every single Han character at a lower weight (so 在吗 still finds 在的) except the sentence
 * particles that carry no topic ({@link PARTICLES}: 吗 would otherwise find every phrase that asks
 * a question) and without the pairs that only frame a question ({@link FUNCTION_PAIRS}), and every run of Latin letters or digits (XL, 99).
 *
 * **Score.** Okapi BM25 (Robertson & Zaragoza, "The Probabilistic Relevance Framework: BM25 and
 * Beyond", 2009) with k1 = 1.2, b = 0.75 over the phrase contents, single characters weighted
 * {@link UNIGRAM_WEIGHT}; then multiplied by `1 + 0.2 · ln(1 + useCount)`, so between two equally
 * good answers the one the agent actually sends comes first without a popular phrase drowning a
 * relevant one. Ties go to list order. A phrase sharing no term with the message is never suggested.
 */

/** Weight of a single-character term against a pair (1). */
export const UNIGRAM_WEIGHT = 0.3;
const K1 = 1.2;
const B = 0.75;

/** What the suggestion index keeps of a phrase. */
export interface SuggestDoc {
  id: number;
  content: string;
  useCount: number;
  /** Position in the panel's display order (ties). */
  listOrder: number;
}

/** Modal and structural particles (语气词, 的/了/么): kept inside pairs, never terms on their own. */
export const PARTICLES = new Set('吗呢吧啊呀哦喔噢嘛么啦哈嗯的了'.split(''));

/**
 * Pairs that frame a question rather than say what it is about (疑问代词, 指示代词, 人称代词 and
 * polite scaffolding: 什么时候发货 is about 发货). Still counted inside longer text, never as terms.
 */
export const FUNCTION_PAIRS = new Set(
  '什么 怎么 时候 请问 可以 能不 不能 这个 这款 那个 那款 一下 我们 你们 您们 他们 是不 不是 有没 还是 就是 一个 现在 的话 好的 谢谢'.split(' '),
);

const EMOTICON = /\/:[^\s\p{Script=Han}]{1,4}/gu;
const HAN = /\p{Script=Han}/u;
const WORD = /[\p{L}\p{Nd}]/u;

/**
 * The terms of a text with their weights: `p:` + pair and `u:` + character for Han text, `w:` +
 * word for Latin letters and digits. Each distinct term once per call, with its count in the text.
 */
export function suggestTerms(text: string): Map<string, number> {
  const f = toSimplified(fold(text)).replace(EMOTICON, ' ');
  const out = new Map<string, number>();
  const add = (t: string) => out.set(t, (out.get(t) ?? 0) + 1);
  let prevHan = '';
  let word = '';
  for (const ch of f) {
    if (HAN.test(ch)) {
      if (word) add('w:' + word), (word = '');
      if (!PARTICLES.has(ch)) add('u:' + ch);
      if (prevHan && !FUNCTION_PAIRS.has(prevHan + ch)) add('p:' + prevHan + ch);
      prevHan = ch;
    } else {
      prevHan = '';
      if (WORD.test(ch)) word += ch;
      else if (word) add('w:' + word), (word = '');
    }
  }
  if (word) add('w:' + word);
  return out;
}

function termWeight(term: string): number {
  return term.charCodeAt(0) === 0x75 /* u */ ? UNIGRAM_WEIGHT : 1;
}

/**
 * An inverted index over phrase contents for {@link SuggestIndex.suggest}. Built once from every
 * phrase (~0.2 s for 100,000), then kept current one phrase at a time: a changed phrase takes a new
 * slot and its old one is left dead, and the index rebuilds itself from memory once a quarter of
 * its slots are dead. A use-count change touches no posting. Not thread-safe.
 */
export class SuggestIndex {
  private docs: (SuggestDoc | null)[] = [];
  private lengths: number[] = [];
  private slotOf = new Map<number, number>();
  private postings = new Map<string, { slots: number[]; tf: number[] }>();
  private totalLength = 0;
  private dead = 0;

  constructor(docs: readonly SuggestDoc[] = []) {
    for (const d of docs) this.add(d);
  }

  /** Adds or replaces a phrase. */
  upsert(doc: SuggestDoc): void {
    const slot = this.slotOf.get(doc.id);
    if (slot !== undefined) {
      const old = this.docs[slot]!;
      if (old.content === doc.content) {
        this.docs[slot] = doc;
        return;
      }
      this.kill(slot);
    }
    this.add(doc);
    this.compactIfNeeded();
  }

  /** Forgets a phrase; unknown ids are ignored. */
  remove(id: number): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    this.kill(slot);
    this.slotOf.delete(id);
    this.compactIfNeeded();
  }

  /** Number of live phrases. */
  get size(): number {
    return this.slotOf.size;
  }

  /**
   * Up to `limit` phrase ids best answering `message`, best first (rules in the module comment);
   * empty when no phrase shares a term with it. Cost: one pass over the postings of the message's
   * terms (a few ms for 100,000 phrases).
   */
  suggest(message: string, limit: number): number[] {
    const live = this.slotOf.size;
    if (!live || limit <= 0) return [];
    const avg = this.totalLength / live || 1;
    const scores = new Map<number, number>();
    for (const [term] of suggestTerms(message)) {
      const p = this.postings.get(term);
      if (!p) continue;
      // Document frequency over live slots would need a pass; dead slots are at most a quarter.
      const df = p.slots.length;
      const idf = Math.log(1 + (live - df + 0.5) / (df + 0.5));
      const w = termWeight(term) * idf;
      for (let i = 0; i < p.slots.length; i++) {
        const slot = p.slots[i]!;
        if (!this.docs[slot]) continue;
        const tf = p.tf[i]!;
        const norm = tf + K1 * (1 - B + (B * this.lengths[slot]!) / avg);
        scores.set(slot, (scores.get(slot) ?? 0) + (w * tf * (K1 + 1)) / norm);
      }
    }
    const ranked: { slot: number; score: number }[] = [];
    for (const [slot, s] of scores) ranked.push({ slot, score: s * (1 + 0.2 * Math.log1p(this.docs[slot]!.useCount)) });
    ranked.sort((a, b) => b.score - a.score || this.docs[a.slot]!.listOrder - this.docs[b.slot]!.listOrder);
    return ranked.slice(0, limit).map((r) => this.docs[r.slot]!.id);
  }

  private add(doc: SuggestDoc): void {
    const slot = this.docs.length;
    this.docs.push(doc);
    this.slotOf.set(doc.id, slot);
    const terms = suggestTerms(doc.content);
    let length = 0;
    for (const [term, count] of terms) {
      // A character that repeats says little more than once (在 twice in 如果在…需在七天内 is no
      // better answer to 在吗 than 在的): single characters count once; pairs and words count fully.
      const tf = term.charCodeAt(0) === 0x75 ? 1 : count;
      length += tf * termWeight(term);
      let p = this.postings.get(term);
      if (!p) this.postings.set(term, (p = { slots: [], tf: [] }));
      p.slots.push(slot);
      p.tf.push(tf);
    }
    this.lengths.push(length);
    this.totalLength += length;
  }

  private kill(slot: number): void {
    this.docs[slot] = null;
    this.totalLength -= this.lengths[slot]!;
    this.dead++;
  }

  private compactIfNeeded(): void {
    if (this.dead < 64 || this.dead * 4 < this.docs.length) return;
    const live = this.docs.filter((d): d is SuggestDoc => d !== null);
    this.docs = [];
    this.lengths = [];
    this.slotOf = new Map();
    this.postings = new Map();
    this.totalLength = 0;
    this.dead = 0;
    for (const d of live) this.add(d);
  }
}
