import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * A large audience CSV like the ones teams export: Indian mobiles written nationally, US numbers
 * with area codes, a zone column on some rows, a quoted city with a comma, and every
 * `badEvery` rows one invalid number and one duplicate of the row before.
 */
export interface AudienceCsvStats {
  rows: number;
  invalid: number;
  duplicates: number;
  bytes: number;
}

export const AUDIENCE_HEADER = ['phone', 'first_name', 'last_name', 'language', 'time_zone', 'city', 'plan', 'email'] as const;

/** Row `i` (1-based, after the header) of the generated audience, and what it is. */
export function audienceRow(i: number, previousPhone: string, badEvery = 1000): { cells: string[]; invalid: boolean; duplicate: boolean } {
  let phone: string;
  const invalid = i % badEvery === 0;
  const duplicate = !invalid && i % badEvery === 2 && i > 2;
  if (invalid) phone = 'n/a';
  else if (duplicate) phone = previousPhone;
  else if (i % 5 === 0) phone = `+1212${2000000 + i}`;
  else phone = String(9800000000 + i);
  const zone = i % 3 === 0 ? 'Asia/Kolkata' : '';
  return { cells: [phone, `Name${i}`, `Surname${i}`, i % 2 === 0 ? 'hi' : 'en', zone, 'Pune, MH', 'gold', `customer${i}@example.com`], invalid, duplicate };
}

export async function writeAudienceCsv(path: string, rows: number, badEvery = 1000): Promise<AudienceCsvStats> {
  const out = createWriteStream(path);
  let bytes = 0;
  let invalid = 0;
  let duplicates = 0;
  let chunk = `${AUDIENCE_HEADER.join(',')}\n`;
  let previousPhone = '9800000000';
  for (let i = 1; i <= rows; i++) {
    const row = audienceRow(i, previousPhone, badEvery);
    if (row.invalid) invalid++;
    if (row.duplicate) duplicates++;
    previousPhone = row.cells[0] ?? '';
    chunk += `${row.cells.map((cell) => (cell.includes(',') ? `"${cell}"` : cell)).join(',')}\n`;
    if (chunk.length > 1 << 16) {
      bytes += Buffer.byteLength(chunk);
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  bytes += Buffer.byteLength(chunk);
  out.end(chunk);
  await once(out, 'finish');
  return { rows, invalid, duplicates, bytes };
}
