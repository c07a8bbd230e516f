/**
 * How the dashboard server benchmark prints a figure and its ratio to the baseline.
 */
export function fmt(v: number | undefined, unit: 'ms' | 'B' | 'MiB' | 'n'): string {
  if (v === undefined || Number.isNaN(v)) return 'n/a';
  if (unit === 'ms') return v >= 100 ? `${v.toFixed(0)} ms` : `${v.toFixed(1)} ms`;
  if (unit === 'B') return `${v.toFixed(0)} B`;
  if (unit === 'MiB') return `${(v / 1024).toFixed(0)} MiB`;
  return String(v);
}
export function ratioOf(a: number | undefined, b: number | undefined): string {
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0)
    return 'n/a';
  return `×${(a / b).toFixed(3)}`;
}
