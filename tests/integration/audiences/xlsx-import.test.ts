import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeskEvent } from '../../../shared/contract';
import { writeAudienceXlsx, workbookOfRows } from '../../bench/gen/audience-xlsx';
import { callOk, tempDir } from '../app/support';
import { core, importAndWait, upload, type TestCore } from './support';

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

/** Good and bad rows: the same cells go into a CSV and a workbook. */
const ROWS = [
  ['Mobile', 'Name', 'Language', 'Time zone', 'Store'],
  ['9810000001', 'Asha', 'hi', '', 'Pune, MH'], // valid, zone by country
  ['+1 212 555 0100', 'Bob', 'en', '', 'NYC'], // valid, zone by prefix
  ['call me', 'Carl', 'en', '', 'X'], // invalid
  ['919810000001', 'Asha twice', 'hi', '', 'Pune'], // duplicate of row 2
  ['+4915112345678', 'Dora', 'de', '', 'Berlin\nMitte'], // valid, zone ambiguous
  ['919810000007', 'Emil', 'de', 'europe/berlin', ''], // valid (a number cell in the workbook), zone from the column
  ['', '', '', '', ''], // blank: skipped
  ['+919810000009', 'Opted', 'hi', '', ''], // opted out
  ['12', 'Short', 'en', '', ''], // invalid
  ['+12125550101', 'Fay', 'en', 'Asia/Calcutta', '=HYPERLINK("x")'], // valid, zone alias
];

const toCsv = (rows: string[][]) =>
  rows.map((cells) => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n') + '\r\n';

async function everything(c: TestCore, audienceId: string) {
  const { recipients } = await callOk(c, 'audiences.recipients', { audienceId, afterRow: 0, offset: 0, limit: 100, withTotal: false });
  const { issues } = await callOk(c, 'audiences.issues', { audienceId, kind: null, afterRow: 0, limit: 100 });
  const { id: _id, createdAt: _created, updatedAt: _updated, sourceName: _source, ...audience } = await callOk(c, 'audiences.get', { audienceId });
  return { audience, recipients, issues };
}

describe('XLSX audience import through the real core into a real SQLite file', () => {
  it('imports a workbook with good and bad rows and reports exactly what the same rows in CSV report', async () => {
    const c = await core(open);
    await callOk(c, 'suppressions.add', { numbers: '+919810000009', reason: 'opt_out', defaultCountry: 'IN' });

    const fromCsv = await importAndWait(c, await upload(c, toCsv(ROWS), 'stores.csv'));
    const fromXlsx = await importAndWait(c, await upload(c, Buffer.from(workbookOfRows(ROWS, 'Stores')), 'stores.xlsx'));

    expect(fromXlsx.preview).toMatchObject({ format: 'xlsx', sheetName: 'Stores', encoding: null, delimiter: null, columnCount: 5, fileName: 'stores.xlsx' });
    expect(fromCsv.preview).toMatchObject({ format: 'delimited', sheetName: null, encoding: 'utf-8', delimiter: ',' });
    // A workbook row ends at its last value; the CSV writes every column.
    const padded = (rows: string[][]) => rows.map((cells) => [...cells, ...Array<string>(5 - cells.length).fill('')]);
    expect(padded(fromXlsx.preview.rows)).toEqual(fromCsv.preview.rows);
    expect(fromXlsx.preview.suggestedMapping).toEqual(fromCsv.preview.suggestedMapping);

    const csv = await everything(c, fromCsv.audienceId);
    const xlsx = await everything(c, fromXlsx.audienceId);
    expect(xlsx).toEqual(csv);
    expect(xlsx.audience).toMatchObject({ status: 'ready', totalRows: 9, validRows: 5, invalidRows: 2, duplicateRows: 1, optedOutRows: 1 });
    expect(xlsx.recipients.map((r) => [r.rowNumber, r.phoneE164, r.zone])).toEqual([
      [2, '+919810000001', 'Asia/Kolkata'],
      [3, '+12125550100', 'America/New_York'],
      [6, '+4915112345678', null],
      [7, '+919810000007', 'Europe/Berlin'],
      [11, '+12125550101', 'Asia/Kolkata'],
    ]);
    expect(xlsx.recipients[2]?.fields).toEqual({ store: 'Berlin\nMitte' });
    expect(xlsx.issues.map((i) => [i.rowNumber, i.kind])).toEqual([
      [4, 'invalid'],
      [5, 'duplicate'],
      [6, 'zone_ambiguous'],
      [9, 'opted_out'],
      [10, 'invalid'],
    ]);
  });

  it('fails a workbook that breaks past the preview at import, naming the row, without partial rows', async () => {
    const c = await core(open);
    const rows = [['phone', 'name'], ...Array.from({ length: 80_000 }, (_, i) => [String(919810000000 + i), `Name ${i}`])];
    const book = Buffer.from(workbookOfRows(rows));
    // Break the XML of row 70,000, far past what the preview reads.
    const broken = await import('fflate').then(({ unzipSync, zipSync, strFromU8, strToU8 }) => {
      const parts = unzipSync(book);
      parts['xl/worksheets/sheet1.xml'] = strToU8(strFromU8(parts['xl/worksheets/sheet1.xml']!).replace('<row r="70000">', '<row r="70000"><c>'));
      return Buffer.from(zipSync(parts));
    });
    const { audience } = await importAndWait(c, await upload(c, broken, 'broken.xlsx'));
    expect(audience.status).toBe('failed');
    expect(audience.failureReason).toMatch(/malformed in row 70000.*export the sheet as CSV/);
    const left = await callOk(c, 'audiences.recipients', { audienceId: audience.id, afterRow: 0, offset: 0, limit: 1, withTotal: true });
    expect(left.total).toBe(0);
  });

  it('imports a 200,000-row workbook (shared strings for every name and e-mail) with progress by compressed bytes', { timeout: 300_000 }, async () => {
    const dataDir = tempDir('desk-xlsx-');
    const file = join(dataDir, 'big.xlsx');
    const generated = await writeAudienceXlsx(file, 200_000);
    const c = await core(open, dataDir);
    const uploadId = (await c.uploads.register(file)).id;
    const percents: number[] = [];
    const stop = c.onEvent((event: DeskEvent) => {
      if (event.name === 'audiences.importProgress') {
        expect(event.payload.bytesRead).toBeLessThanOrEqual(event.payload.totalBytes);
        percents.push(event.payload.percent);
      }
    });
    const started = performance.now();
    const { preview, audience } = await importAndWait(c, uploadId);
    const seconds = (performance.now() - started) / 1000;
    stop();
    expect(preview).toMatchObject({ format: 'xlsx', sheetName: 'Audience', estimatedRows: 200_000, columnCount: 8 });
    expect(preview.rows[1]).toEqual(['9800000001', 'Name1', 'Surname1', 'en', '', 'Pune, MH', 'gold', 'customer1@example.com']);
    console.log(
      `xlsx import (preview and import): ${generated.rows.toLocaleString('en-US')} rows, ${(generated.bytes / 2 ** 20).toFixed(1)} MB workbook, ` +
        `${seconds.toFixed(2)} s, ` +
        `peak RSS of the test process (core and its worker threads) ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
    );
    expect(audience).toMatchObject({
      status: 'ready',
      totalRows: 200_000,
      validRows: 200_000 - generated.invalid - generated.duplicates,
      invalidRows: generated.invalid,
      duplicateRows: generated.duplicates,
    });
    expect(percents.some((p) => p > 0 && p < 100)).toBe(true);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
  });
});
