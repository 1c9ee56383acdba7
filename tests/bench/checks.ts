/** One bench target as `npm run bench` reports it: met or missed, with the measured figure. */
export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

/** The `p`th percentile (0–100, nearest rank) of `xs`; `xs` is not modified. */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}
