import { describe, expect, it } from 'vitest';
import { settleClaims, type CodeClaim } from './code-conflicts';

/** A claim of row `index` on a holder with `from` text (group 售后) that wants `to` text. */
function claim(index: number, from: string, to: string, code = `c${index}`): CodeClaim {
  return {
    index,
    line: index + 2,
    holder: { id: index + 1, groupId: 2, group: '售后', code, content: from, sortOrder: index },
    group: '售后',
    content: to,
    code,
  };
}

const identitiesOf = (...contents: string[]) => new Map([['售后', new Set(contents)]]);

describe('settleClaims', () => {
  it('lets a long chain through in any row order, in linear time', () => {
    // Holder i has text t{i} and wants t{i+1}; only the last row's target is free, so every
    // earlier row waits for the next one: a quadratic retry loop would take minutes here.
    const n = 50_000;
    const claims = Array.from({ length: n }, (_, i) => claim(i, `t${i}`, `t${i + 1}`));
    const identities = identitiesOf(...Array.from({ length: n }, (_, i) => `t${i}`));
    const started = performance.now();
    const outcomes = settleClaims(claims, identities);
    // ~0.1 s on a quiet machine; a retry-until-stable loop needs ~50,000 rounds over 50,000 claims.
    expect(performance.now() - started).toBeLessThan(5000);
    expect(new Set(outcomes)).toEqual(new Set(['update']));
    expect(identities.get('售后')!.has('t0')).toBe(false);
    expect(identities.get('售后')!.has(`t${n}`)).toBe(true);
  });

  it('gives a freed place to the earliest row waiting for it; the later one is blocked', () => {
    const claims = [claim(0, 'a', 'b'), claim(1, 'x', 'b'), claim(2, 'b', 'c')];
    expect(settleClaims(claims, identitiesOf('a', 'x', 'b'))).toEqual(['update', 'blocked', 'update']);
  });

  it('blocks a cycle, and whoever waits for a holder that stays', () => {
    const cycle = [claim(0, 'a', 'b'), claim(1, 'b', 'c'), claim(2, 'c', 'a')];
    const identities = identitiesOf('a', 'b', 'c');
    expect(settleClaims(cycle, identities)).toEqual(['blocked', 'blocked', 'blocked']);
    expect(identities).toEqual(identitiesOf('a', 'b', 'c'));
    // Row 0 waits for row 1's holder, which stays (its row is identical to it).
    expect(settleClaims([claim(0, 'a', 'b'), claim(1, 'b', 'b')], identitiesOf('a', 'b'))).toEqual(['blocked', 'unchanged']);
  });

  it('calls a row that only respells the code an update', () => {
    const respelled = { ...claim(0, 'a', 'a'), code: 'C0' };
    expect(settleClaims([respelled], identitiesOf('a'))).toEqual(['update']);
  });
});
