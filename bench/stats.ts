// Order statistics over a handful of runs: median and p95 (nearest rank), nothing fancier — with
// 5–30 samples on a noisy 2-core box, anything finer is false precision.

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function p95(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]!;
}

export interface Summary { median: number; p95: number; n: number }

export function summarize(xs: readonly number[]): Summary {
  return { median: median(xs), p95: p95(xs), n: xs.length };
}

/** Median of each key over rows that may lack some keys. */
export function medianOfEach(rows: readonly Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of new Set(rows.flatMap((r) => Object.keys(r)))) {
    out[key] = median(rows.map((r) => r[key]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v)));
  }
  return out;
}

/** Rounds for display and JSON: ms to 0.1, bytes and counts to integers. */
export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
