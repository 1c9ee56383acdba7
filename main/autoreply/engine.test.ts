import { describe, expect, it } from 'vitest';
import { virtualClock } from '../shared/clock';
import { parseInstant } from '../shared/time-zone';
import { createAutoReplyEngine, createEngineState, compileRules, onBuyerMessage, type Decision, type EngineSettings } from './engine';
import { toRule, type RuleInput } from './rules';
import type { AgentStatus } from '../chat/types';

/**
 * docs/autoreply.md "Semantics", rule by rule, on a virtual clock in Asia/Shanghai (UTC+8, so UTC
 * midnight is 08:00 local and is no day boundary of ours).
 */

const ZONE = 'Asia/Shanghai';
/** An instant written as Shanghai wall time: `t('2026-03-01 09:00:05')`. */
const t = (local: string): number => parseInstant(local.replace(' ', 'T') + '+08:00')!;
const MIN = 60_000;

const FIRST: RuleInput = { type: 'firstOfDay', enabled: true, text: '您好，欢迎光临' };
const BUSY: RuleInput = { type: 'busy', enabled: true, text: '忙碌中，稍后回复' };
const AWAY: RuleInput = { type: 'away', enabled: true, text: '客服不在' };
const OVER: RuleInput = { type: 'overLimit', enabled: true, text: '咨询的人多，请稍等' };
const kw = (keywords: string[], text: string, extra: Partial<RuleInput> = {}): RuleInput => ({ type: 'keyword', enabled: true, text, keywords, ...extra });

/** The engine on a virtual clock, with helpers that move the clock to a Shanghai time first. */
function setup(rules: RuleInput[], settings: Partial<EngineSettings> = {}) {
  const clock = virtualClock(t('2026-03-01 00:00:00'));
  const all: EngineSettings = { maxConcurrent: 10, cooldownMs: 10 * MIN, hourlyCap: 6, timeZone: ZONE, ...settings };
  const engine = createAutoReplyEngine(
    clock,
    rules.map((r, i) => toRule(r, i + 1, i + 1)),
    () => all,
  );
  const at = (local: string | number) => clock.set(typeof local === 'number' ? local : t(local));
  return {
    clock,
    engine,
    buyer(when: string | number, buyer: string, text = '在吗', automatic = false): Decision {
      at(when);
      return engine.buyerMessage({ buyer, text, automatic }, { buyer, agent: '小美', shop: '小牛旗舰店' });
    },
    /** The rule types a buyer message fired, in order. */
    fired(when: string | number, buyer: string, text = '在吗', automatic = false): string[] {
      return this.buyer(when, buyer, text, automatic).replies.map((r) => r.ruleType);
    },
    agent(when: string | number, buyer: string) {
      at(when);
      engine.agentMessage(buyer);
    },
    status(when: string | number, status: AgentStatus) {
      at(when);
      engine.statusChange(status);
    },
    close(when: string | number, buyer: string) {
      at(when);
      engine.close(buyer);
    },
  };
}

describe('rule 1: automatic messages and echoes are invisible', () => {
  it('get no reply, make nobody active, are no first message of the day and count for no cap or loop guard', () => {
    const s = setup([FIRST, OVER, kw(['?'], '请问有什么可以帮您')], { maxConcurrent: 1 });
    expect(s.fired('2026-03-01 09:00:00', 'bot', '?', true)).toEqual([]);
    // The bot is not active: A is the first active buyer, so no overLimit.
    expect(s.fired('2026-03-01 09:00:01', 'A', '?')).toEqual(['firstOfDay', 'keyword']);
    // The bot's automatic message was not its first of the day: its first visible one is.
    expect(s.fired('2026-03-01 09:00:02', 'bot', '你好')).toEqual(['overLimit']);
    // Automatic messages 1 s after each reply are not quick and use none of A's hourly cap.
    for (let i = 0; i < 10; i++) expect(s.fired(t('2026-03-01 09:00:02') + i * 100, 'A', '?', true)).toEqual([]);
    expect(s.fired('2026-03-01 09:00:05', 'A', '?')).toEqual(['keyword']);
  });
});

describe('rule 2: the loop guard', () => {
  const rules = [kw(['?'], '亲，请问有什么可以帮您')];

  it('trips on the third quick message in a row, says so once, and stays paused for every later message', () => {
    const s = setup(rules);
    const t0 = t('2026-03-01 10:00:00');
    expect(s.fired(t0, 'bot', '?')).toEqual(['keyword']); // not quick: no auto-reply before
    expect(s.fired(t0 + 2_000, 'bot', '?')).toEqual(['keyword']); // quick 1
    expect(s.fired(t0 + 4_000, 'bot', '?')).toEqual(['keyword']); // quick 2
    const third = s.buyer(t0 + 9_000, 'bot', '?'); // quick 3: exactly 5 s after the reply at +4 s
    expect(third).toEqual({ replies: [], held: [], pausedAsBot: true });
    const later = s.buyer(t0 + 60_000, 'bot', '?');
    expect(later).toEqual({ replies: [], held: [], pausedAsBot: false });
    // Another buyer is not affected.
    expect(s.fired(t0 + 61_000, 'human', '?')).toEqual(['keyword']);
  });

  it('counts only messages at most 5 s after the latest auto-reply: 5.001 s later resets the count', () => {
    const s = setup(rules);
    const t0 = t('2026-03-01 10:00:00');
    s.fired(t0, 'b', '?');
    s.fired(t0 + 5_000, 'b', '?'); // quick 1
    s.fired(t0 + 10_000, 'b', '?'); // quick 2
    expect(s.fired(t0 + 15_001, 'b', '?')).toEqual(['keyword']); // not quick: count reset
    expect(s.fired(t0 + 20_001, 'b', '?')).toEqual(['keyword']); // quick 1
    expect(s.fired(t0 + 25_001, 'b', '?')).toEqual(['keyword']); // quick 2
    expect(s.buyer(t0 + 30_001, 'b', '?').pausedAsBot).toBe(true);
  });

  it('does not count a message after an agent message as quick, and the agent writing ends a pause', () => {
    const s = setup(rules);
    const t0 = t('2026-03-01 10:00:00');
    s.fired(t0, 'b', '?');
    s.fired(t0 + 1_000, 'b', '?'); // quick 1
    s.agent(t0 + 1_500, 'b');
    expect(s.fired(t0 + 2_000, 'b', '?')).toEqual(['keyword']); // not quick
    s.fired(t0 + 3_000, 'b', '?'); // quick 1
    s.fired(t0 + 4_000, 'b', '?'); // quick 2
    expect(s.buyer(t0 + 5_000, 'b', '?').pausedAsBot).toBe(true);
    expect(s.fired(t0 + 60_000, 'b', '?')).toEqual([]);
    s.agent(t0 + 61_000, 'b');
    expect(s.fired(t0 + 62_000, 'b', '?')).toEqual(['keyword']);
  });

  it('ends a pause when the local day changes (midnight in Shanghai), not at UTC midnight', () => {
    const s = setup(rules);
    const t0 = t('2026-03-01 07:59:50');
    s.fired(t0, 'b', '?');
    s.fired(t0 + 1_000, 'b', '?');
    s.fired(t0 + 2_000, 'b', '?');
    expect(s.buyer(t0 + 3_000, 'b', '?').pausedAsBot).toBe(true);
    expect(s.fired('2026-03-01 08:00:30', 'b', '?')).toEqual([]); // 00:00:30 UTC: still paused
    expect(s.fired('2026-03-01 23:59:59', 'b', '?')).toEqual([]);
    expect(s.fired('2026-03-02 00:00:00', 'b', '?')).toEqual(['keyword']);
  });
});

describe('rule 3: at most one status reply', () => {
  it('picks away for 离开 and 挂起, busy for 忙碌, firstOfDay when online; the agent is online before any status event', () => {
    const s = setup([FIRST, BUSY, AWAY, OVER]);
    expect(s.fired('2026-03-01 09:00:00', 'A')).toEqual(['firstOfDay']);
    s.status('2026-03-01 09:01:00', 'busy');
    expect(s.fired('2026-03-01 09:02:00', 'A')).toEqual(['busy']);
    s.status('2026-03-01 09:03:00', 'away');
    expect(s.fired('2026-03-01 09:04:00', 'A')).toEqual(['away']);
    s.status('2026-03-01 09:05:00', 'suspended');
    expect(s.fired('2026-03-01 09:06:00', 'B')).toEqual(['away']);
    s.status('2026-03-01 09:07:00', 'online');
    expect(s.fired('2026-03-01 09:08:00', 'A')).toEqual([]); // not A's first message today
  });

  it('greets on the first message of each local day: 23:59 and 00:00:10 both greet, 07:59 and 08:00 (UTC midnight) only once', () => {
    const s = setup([FIRST]);
    expect(s.fired('2026-03-01 23:59:00', 'A')).toEqual(['firstOfDay']);
    expect(s.fired('2026-03-02 00:00:10', 'A')).toEqual(['firstOfDay']);
    expect(s.fired('2026-03-02 07:59:59', 'A')).toEqual([]);
    expect(s.fired('2026-03-02 08:00:00', 'A')).toEqual([]);
    expect(s.fired('2026-03-03 00:00:00', 'A')).toEqual(['firstOfDay']);
  });

  it('sends no greeting later the same day to a buyer whose first message got a status reply', () => {
    const s = setup([FIRST, BUSY]);
    s.status('2026-03-01 09:00:00', 'busy');
    expect(s.fired('2026-03-01 09:01:00', 'A')).toEqual(['busy']);
    s.status('2026-03-01 09:02:00', 'online');
    expect(s.fired('2026-03-01 09:03:00', 'A')).toEqual([]);
    expect(s.fired('2026-03-02 09:03:00', 'A')).toEqual(['firstOfDay']);
  });

  it('does not fall through from a disabled situation to the next one', () => {
    const s = setup([FIRST, { ...BUSY, enabled: false }, kw(['发货'], '今天发')]);
    s.status('2026-03-01 09:00:00', 'busy');
    // busy is disabled: nothing, no greeting instead; the keyword reply is independent.
    expect(s.fired('2026-03-01 09:01:00', 'A')).toEqual([]);
    expect(s.fired('2026-03-01 09:02:00', 'B', '发货吗')).toEqual(['keyword']);
    s.status('2026-03-01 09:03:00', 'online');
    expect(s.fired('2026-03-01 09:04:00', 'A')).toEqual([]); // not A's first message any more
  });

  it('sends the checked text of a situation that holds several', () => {
    const s = setup([{ ...BUSY, text: '旧的忙碌回复', enabled: false }, { ...BUSY, text: '新的忙碌回复' }]);
    s.status('2026-03-01 09:00:00', 'busy');
    expect(s.buyer('2026-03-01 09:01:00', 'A').replies.map((r) => [r.ruleId, r.text])).toEqual([[2, '新的忙碌回复']]);
  });
});

describe('overLimit: the first N active buyers, by when each became active', () => {
  it('answers buyers beyond N, frees a place on close and after 30 minutes of silence', () => {
    const s = setup([OVER], { maxConcurrent: 2 });
    expect(s.fired('2026-03-01 09:00:00', 'A')).toEqual([]);
    expect(s.fired('2026-03-01 09:01:00', 'B')).toEqual([]);
    expect(s.fired('2026-03-01 09:02:00', 'C')).toEqual(['overLimit']);
    // A writing again keeps A's place (ordered by becoming active, not by the latest message).
    expect(s.fired('2026-03-01 09:03:00', 'A')).toEqual([]);
    s.close('2026-03-01 09:04:00', 'A');
    // A closed: B and C are the first two; D is third.
    expect(s.fired('2026-03-01 09:05:00', 'D')).toEqual(['overLimit']);
    expect(s.fired('2026-03-01 09:13:00', 'C')).toEqual([]); // C is second now (cooldown over too)
    // A writes again after the close: active anew, behind B, C and D.
    expect(s.fired('2026-03-01 09:15:00', 'A')).toEqual(['overLimit']);
    // B's latest message was 09:01; at 09:31 B is no longer active (not within the last 30 min).
    expect(s.fired('2026-03-01 09:31:00', 'D')).toEqual([]); // C, D are the first two
  });
});

describe('rule 4: cooldown', () => {
  it('sends busy at most once per 10 minutes per buyer; exactly 10 minutes later is allowed again', () => {
    const s = setup([BUSY]);
    s.status('2026-03-01 09:00:00', 'busy');
    const t0 = t('2026-03-01 09:10:00');
    expect(s.fired(t0, 'A')).toEqual(['busy']);
    expect(s.fired(t0 + 30_000, 'B')).toEqual(['busy']); // per buyer
    expect(s.fired(t0 + 10 * MIN - 1, 'A')).toEqual([]);
    expect(s.fired(t0 + 10 * MIN, 'A')).toEqual(['busy']);
  });

  it('cools each situation on its own, and a cooling situation does not fall through to a greeting', () => {
    const s = setup([FIRST, BUSY, AWAY, OVER], { maxConcurrent: 1 });
    s.fired('2026-03-01 23:50:00', 'A');
    expect(s.fired('2026-03-01 23:55:00', 'B')).toEqual(['overLimit']);
    // A new local day: B's first message, B still beyond N, overLimit still cooling → nothing.
    expect(s.fired('2026-03-02 00:01:00', 'B')).toEqual([]);
    s.status('2026-03-02 00:02:00', 'busy');
    expect(s.fired('2026-03-02 00:03:00', 'B')).toEqual(['busy']); // another situation: its own cooldown
  });
});

describe('rule 5: keyword replies', () => {
  it('sends the first enabled rule by priority: lower first, none after every explicit one, ties by creation order', () => {
    const s = setup([
      kw(['发货'], 'no priority, created first'),
      kw(['发货'], 'priority 5, created second', { priority: 5 }),
      kw(['发货'], 'priority 5, created third', { priority: 5 }),
      kw(['发货'], 'priority 1 but disabled', { priority: 1, enabled: false }),
    ]);
    expect(s.buyer('2026-03-01 09:00:00', 'A', '什么时候发货').replies.map((r) => r.text)).toEqual(['priority 5, created second']);
  });

  it('ignores case, full-/half-width and Traditional vs Simplified (Taiwan and Hong Kong), and sends the text as written', () => {
    const s = setup([kw(['发货'], '亲，今天下单今天发', { name: '发货' }), kw(['后天'], '后天到'), kw(['SF'], '顺丰包邮'), kw(['里面'], '里面有说明书')]);
    expect(s.buyer('2026-03-01 09:00:00', 'A', '什麼時候發貨？').replies).toEqual([
      { at: t('2026-03-01 09:00:00'), buyer: 'A', ruleType: 'keyword', ruleId: 1, name: '发货', text: '亲，今天下单今天发' },
    ]);
    expect(s.buyer('2026-03-01 09:01:00', 'B', '後天能到嗎').replies.map((r) => r.text)).toEqual(['后天到']);
    expect(s.buyer('2026-03-01 09:02:00', 'C', '发ｓｆ吗').replies.map((r) => r.text)).toEqual(['顺丰包邮']);
    expect(s.buyer('2026-03-01 09:03:00', 'D', '裏面有什麼').replies.map((r) => r.text)).toEqual(['里面有说明书']); // HK 裏
    expect(s.buyer('2026-03-01 09:04:00', 'E', '裡面有什麼').replies.map((r) => r.text)).toEqual(['里面有说明书']); // TW 裡
    expect(s.buyer('2026-03-01 09:05:00', 'F', '在吗').replies).toEqual([]);
  });
});

describe('rule 6: order and the hourly cap', () => {
  it('sends the status reply before the keyword reply', () => {
    const s = setup([FIRST, kw(['在'], '在的亲')]);
    expect(s.fired('2026-03-01 09:00:00', 'A', '在吗')).toEqual(['firstOfDay', 'keyword']);
  });

  it('sends at most 6 in any rolling hour, checked reply by reply; a reply not sent counts for nothing', () => {
    const s = setup([BUSY, kw(['?'], '请问有什么可以帮您')], { cooldownMs: 0 });
    s.status('2026-03-01 08:00:00', 'busy');
    const t0 = t('2026-03-01 09:00:00');
    // 10 s apart: never quick. Two replies a message until five have gone, then only the status reply.
    expect(s.fired(t0, 'A', '?')).toEqual(['busy', 'keyword']);
    expect(s.fired(t0 + 10_000, 'A', '?')).toEqual(['busy', 'keyword']);
    expect(s.fired(t0 + 20_000, 'A', 'x')).toEqual(['busy']); // 5 sent
    expect(s.fired(t0 + 30_000, 'A', '?')).toEqual(['busy']); // the 6th; its keyword reply is capped
    expect(s.fired(t0 + 40_000, 'A', '?')).toEqual([]);
    // Capped replies counted for nothing: at t0 + 60 min the two of t0 leave (t − 60 min, t].
    expect(s.fired(t0 + 60 * MIN - 1, 'A', '?')).toEqual([]);
    expect(s.fired(t0 + 60 * MIN, 'A', '?')).toEqual(['busy', 'keyword']);
    expect(s.fired(t0 + 60 * MIN + 10_000, 'A', '?')).toEqual(['busy', 'keyword']);
    // In (t − 60 min, t] now: the busy reply of t0 + 30 s and the four just sent → one more.
    expect(s.fired(t0 + 60 * MIN + 20_000, 'A', '?')).toEqual(['busy']);
    expect(s.fired(t0 + 60 * MIN + 25_001, 'A', '?')).toEqual([]);
  });

  it('takes its cap from the settings', () => {
    const s = setup([kw(['?'], '请问')], { hourlyCap: 2 });
    const t0 = t('2026-03-01 09:00:00');
    expect([0, 1, 2].map((i) => s.fired(t0 + i * 10_000, 'A', '?'))).toEqual([['keyword'], ['keyword'], []]);
  });
});

describe('variables', () => {
  it('fills {buyer}, {agent}, {shop}, {date} and {time} in the agent’s time zone', () => {
    const s = setup([{ ...FIRST, text: '{buyer}您好，我是{agent}，欢迎光临{shop}（{date} {time}）' }]);
    expect(s.buyer('2026-03-01 23:59:30', '小王').replies[0]!.text).toBe('小王您好，我是小美，欢迎光临小牛旗舰店（2026-03-01 23:59）');
  });

  it('holds back a reply whose variable has no value instead of sending {shop}, and it counts for nothing', () => {
    const state = createEngineState();
    const rules = compileRules([toRule({ ...FIRST, text: '欢迎光临{shop}' }, 1, 1), toRule(kw(['在'], '在的'), 2, 2)]);
    const settings = { maxConcurrent: 10, cooldownMs: 10 * MIN, hourlyCap: 1, timeZone: ZONE };
    const d = onBuyerMessage(state, rules, settings, { at: t('2026-03-01 09:00:00'), buyer: 'A', text: '在吗' }, { buyer: 'A', agent: null, shop: '' });
    expect(d.held).toEqual([{ ruleType: 'firstOfDay', ruleId: 1, missing: ['shop'] }]);
    // The cap of 1 is still free for the keyword reply.
    expect(d.replies.map((r) => r.text)).toEqual(['在的']);
  });
});

describe('bounded state', () => {
  it('forgets a buyer silent for more than a day, and that changes no decision', () => {
    const state = createEngineState();
    const rules = compileRules([toRule(FIRST, 1, 1)]);
    const settings = { maxConcurrent: 10, cooldownMs: 10 * MIN, hourlyCap: 6, timeZone: ZONE };
    const msg = (at: number, buyer: string) => onBuyerMessage(state, rules, settings, { at, buyer, text: '在吗' }, { buyer, agent: null, shop: null });
    const t0 = t('2026-03-01 09:00:00');
    for (let i = 0; i < 100; i++) msg(t0 + i, `b${i}`);
    expect(state.buyers.size).toBe(100);
    expect(msg(t0 + 27 * 60 * MIN, 'b0').replies.map((r) => r.ruleType)).toEqual(['firstOfDay']);
    expect(state.buyers.size).toBe(1);
    expect(state.active.size).toBe(1);
  });
});
