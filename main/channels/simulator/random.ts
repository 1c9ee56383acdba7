/**
 * A seeded pseudo-random generator for the simulator: the same seed gives the same buyers in the
 * same order at the same times (docs/channels.md "Determinism"). sfc32 (Chris Doty-Humphrey's
 * "Small Fast Counting" generator, from PractRand; public domain) — a dozen lines with good
 * statistical quality, so no library for it; `Math.random` cannot be seeded.
 */

/** A source of numbers in [0, 1), deterministic for a given seed. */
export interface Random {
  /** The next number in [0, 1). */
  next(): number;
  /** A number in [min, max). */
  between(min: number, max: number): number;
  /** An integer in [0, n). */
  below(n: number): number;
}

/**
 * The generator for `seed` (any integer; `salt` derives independent streams from one seed — one per
 * simulated buyer, so what one buyer draws never shifts another's timings).
 */
export function seededRandom(seed: number, salt = 0): Random {
  // Spread seed and salt over the four words of state (splitmix32 steps), then discard a few
  // outputs as sfc32's author recommends.
  let h = (Math.imul(seed | 0, 0x9e3779b9) ^ Math.imul(salt | 0, 0x85ebca6b)) >>> 0;
  const mix = () => {
    h = (h + 0x9e3779b9) >>> 0;
    let z = h;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return {
    next,
    between: (min, max) => min + (max - min) * next(),
    below: (n) => Math.floor(next() * n),
  };
}
