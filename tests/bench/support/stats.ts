/** "median [min–max]" of a set of measurements, rounded for reading. */
export function summarize(values: readonly number[], digits = 0): string {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  const fmt = (n: number) => n.toFixed(digits);
  return `${fmt(median)} [${fmt(sorted[0]!)}–${fmt(sorted.at(-1)!)}]`;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
