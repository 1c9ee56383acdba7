import { describe, expect, it } from 'vitest';
import { bytesSource } from '../chat/transcript';
import { runTester } from './tester';
import { toRule, type RuleInput } from './rules';

/** The rule tester through its typed API (the CLI's subprocess tests are in tests/cli/autoreply.test.ts). */
const rules = (list: RuleInput[]) => list.map((r, i) => toRule(r, i + 1, i + 1));
const source = (doc: unknown) => bytesSource(new TextEncoder().encode(JSON.stringify(doc)));
const at = (hms: string) => `2026-03-01T${hms}+08:00`;

describe('rule tester', () => {
  it('skips recorded auto-replies (agent events marked auto): they neither reset the loop guard nor add to the engine’s replies', () => {
    const r = runTester(
      source({
        timezone: 'Asia/Shanghai',
        events: [
          { at: at('10:00:00'), type: 'buyer', buyer: 'bot', text: '?' },
          { at: at('10:00:01'), type: 'agent', buyer: 'bot', text: '旧规则的回复', auto: true },
          { at: at('10:00:02'), type: 'buyer', buyer: 'bot', text: '?' },
          { at: at('10:00:04'), type: 'buyer', buyer: 'bot', text: '?' },
          { at: at('10:00:06'), type: 'buyer', buyer: 'bot', text: '?' },
          { at: at('10:00:07'), type: 'agent', buyer: 'bot', text: '您好，我是客服' },
          { at: at('10:00:08'), type: 'buyer', buyer: 'bot', text: '?' },
        ],
      }),
      rules([{ type: 'keyword', enabled: true, text: '请问', keywords: ['?'] }]),
      { maxConcurrent: 10 },
    );
    expect(r.replies.map((x) => x.at)).toEqual([at('10:00:00'), at('10:00:02'), at('10:00:04'), at('10:00:08')]);
    expect(r.paused).toEqual([{ at: at('10:00:06'), buyer: 'bot' }]);
  });

  it('fills {buyer} from the event’s nickname, else the id, and lists a reply held for a missing {shop}', () => {
    const r = runTester(
      source({
        timezone: 'Asia/Shanghai',
        agent: '小美',
        events: [
          { at: at('09:00:00'), type: 'buyer', buyer: 'tb_1', nickname: '小王', text: '在吗' },
          { at: at('09:00:00'), type: 'buyer', buyer: 'tb_2', text: '发货' },
        ],
      }),
      rules([
        { type: 'firstOfDay', enabled: true, text: '{buyer}您好，我是{agent}' },
        { type: 'keyword', enabled: true, text: '{shop}今天发货', keywords: ['发货'] },
      ]),
      { maxConcurrent: 10 },
    );
    expect(r.replies.map((x) => x.text)).toEqual(['小王您好，我是小美', 'tb_2您好，我是小美']);
    expect(r.held).toEqual([{ at: at('09:00:00'), buyer: 'tb_2', rule: 'keyword', missing: ['shop'] }]);
  });
});
