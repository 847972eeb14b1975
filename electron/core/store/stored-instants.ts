/**
 * The store keeps every instant as epoch milliseconds in an INTEGER `…_ms` column. Records whose
 * shape says ISO text (`createdAt`, `syncedAt`, …) are converted at their repository's edge: this on
 * the way in, `isoAt` (time.ts) on the way out.
 */
export function msOfIso(iso: string): number {
  const ms = Date.parse(iso);
  // Never let a text that names no instant reach the store as NaN (SQLite would keep NULL, or refuse).
  if (Number.isNaN(ms)) throw new TypeError(`Not an ISO instant: ${JSON.stringify(iso)}`);
  return ms;
}
