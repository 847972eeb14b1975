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

export async function writeAudienceCsv(path: string, rows: number, badEvery = 1000): Promise<AudienceCsvStats> {
  const out = createWriteStream(path);
  let bytes = 0;
  let invalid = 0;
  let duplicates = 0;
  let chunk = 'phone,first_name,last_name,language,time_zone,city,plan,email\n';
  let previousPhone = '9800000000';
  for (let i = 1; i <= rows; i++) {
    let phone: string;
    if (i % badEvery === 0) {
      phone = 'n/a';
      invalid++;
    } else if (i % badEvery === 2 && i > 2) {
      phone = previousPhone;
      duplicates++;
    } else if (i % 5 === 0) {
      phone = `+1212${2000000 + i}`;
    } else {
      phone = String(9800000000 + i);
    }
    previousPhone = phone;
    const zone = i % 3 === 0 ? 'Asia/Kolkata' : '';
    chunk += `${phone},Name${i},Surname${i},${i % 2 === 0 ? 'hi' : 'en'},${zone},"Pune, MH",gold,customer${i}@example.com\n`;
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
