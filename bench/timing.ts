// Clocks, quantiles and table formatting shared by the benchmarks.
export const nowNs = () => process.hrtime.bigint();
export const msSince = (t0: bigint) => Number(nowNs() - t0) / 1e6;
export const pad = (s: string | number, n: number) => String(s).padStart(n);
export const padEnd = (s: string | number, n: number) => String(s).padEnd(n);

/** The q-quantile (nearest rank) of xs; NaN when there is nothing to rank. */
export function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
}
export const median = (xs: number[]) => quantile(xs, 0.5);
/** Milliseconds for a table: one decimal below 10, "-" for no value. */
export const fmt = (ms: number) => (Number.isNaN(ms) ? '-' : ms < 10 ? ms.toFixed(1) : ms.toFixed(0));
