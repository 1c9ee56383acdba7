import { describe, expect, it } from 'vitest';
import { fillVariables, hasVariables, variableSegments, type VariableValues } from './variables';

const all: VariableValues = { buyer: '小王', agent: '阿花', shop: '小牛旗舰店', date: '2026-03-01', time: '09:05' };

describe('reply variables', () => {
  it('fills every known variable, as often as it occurs', () => {
    expect(fillVariables('{buyer}您好，我是{shop}的{agent}，今天{date} {time}，{buyer}', all)).toEqual({
      text: '小王您好，我是小牛旗舰店的阿花，今天2026-03-01 09:05，小王',
      missing: [],
    });
  });

  it('leaves unknown braces and half variables as written', () => {
    expect(fillVariables('{size} {} {Shop} {shop', all).text).toBe('{size} {} {Shop} {shop');
    expect(hasVariables('{size} {shop')).toBe(false);
    expect(hasVariables('欢迎光临{shop}')).toBe(true);
  });

  it('never fills a missing value: names it once and keeps the gap', () => {
    const r = fillVariables('欢迎光临{shop}，{shop}客服{agent}为您服务', { ...all, shop: null, agent: '  ' });
    expect(r.missing).toEqual(['shop', 'agent']);
    expect(r.text).toBe('欢迎光临{shop}，{shop}客服{agent}为您服务');
  });

  it('segments text for the composer preview, gaps as null', () => {
    expect(variableSegments('亲{buyer}，{shop}', { ...all, shop: '' })).toEqual([
      { kind: 'text', text: '亲' },
      { kind: 'variable', name: 'buyer', value: '小王' },
      { kind: 'text', text: '，' },
      { kind: 'variable', name: 'shop', value: null },
    ]);
  });

  it('does not read a value as a pattern ($& and $1 stay literal)', () => {
    expect(fillVariables('{buyer}', { ...all, buyer: '$&$1' }).text).toBe('$&$1');
  });
});
