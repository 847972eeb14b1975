/** BENCH_SCALE shrinks (or grows) every bench's sizes for quick runs; default 1. */
export function benchScale(): number {
  const raw = process.env['BENCH_SCALE'];
  const scale = raw === undefined ? 1 : Number(raw);
  if (!Number.isFinite(scale) || scale <= 0) throw new Error(`BENCH_SCALE must be a positive number, got ${raw}`);
  return scale;
}

export function scaled(size: number): number {
  return Math.max(1, Math.round(size * benchScale()));
}
