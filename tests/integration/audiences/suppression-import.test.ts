import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { SUPPRESSION_IMPORT_CHUNK } from '../../../shared/calls/audiences';
import { readSuppressionFile } from '../../../renderer/features/audiences/suppression-file';
import { callOk } from '../app/support';
import { core, importAndWait, upload, type TestCore } from './support';

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

const NUMBERS = 100_000;
/** Distinct Indian mobiles, written the ways people write them: national, spaced, E.164. */
const mobile = (n: number) => {
  const national = `98${String(10_000_000 + n).slice(-8)}`;
  return n % 3 === 0 ? national : n % 3 === 1 ? `${national.slice(0, 5)} ${national.slice(5)}` : `+91${national}`;
};
const e164 = (n: number) => `+9198${String(10_000_000 + n).slice(-8)}`;

/** Sends a file's numbers as the screen does: chunk after chunk, each one call and one transaction. */
async function importInChunks(c: TestCore, text: string, defaultCountry: string | null = 'IN') {
  const file = readSuppressionFile(text);
  const totals = { added: 0, alreadyListed: 0, invalidCount: 0, invalidRows: [] as number[], calls: 0, slowestMs: 0 };
  for (let start = 0; start < file.numbers.length; start += SUPPRESSION_IMPORT_CHUNK) {
    const started = performance.now();
    const result = await callOk(c, 'suppressions.import', {
      numbers: file.numbers.slice(start, start + SUPPRESSION_IMPORT_CHUNK),
      reason: 'opt_out',
      defaultCountry,
    });
    totals.slowestMs = Math.max(totals.slowestMs, performance.now() - started);
    totals.calls++;
    totals.added += result.added;
    totals.alreadyListed += result.alreadyListed;
    totals.invalidCount += result.invalidCount;
    for (const invalid of result.invalid) totals.invalidRows.push(file.rowNumbers[start + invalid.index]!);
  }
  return { file, totals };
}

describe('suppression list bulk import, search and export', () => {
  it('imports 100,000 numbers in chunks, counting repeats and invalid rows, then searches and exports the list', { timeout: 120_000 }, async () => {
    const c = await core(open);
    // Header named "Mobile" in the second column; 100 repeats of earlier rows and 3 invalid cells.
    const lines = ['Name,Mobile,Note'];
    for (let n = 0; n < NUMBERS; n++) lines.push(`Person ${n},${mobile(n)},"quoted, note"`);
    for (let n = 0; n < 100; n++) lines.push(`Again ${n},${mobile(n * 7)},`);
    lines.push('Bad 1,not a number,', 'Bad 2,12,', 'Empty,,', 'Bad 3,+99 000,');
    const started = performance.now();
    const { file, totals } = await importInChunks(c, lines.join('\r\n'));
    const elapsedMs = performance.now() - started;
    console.info(`imported ${NUMBERS} suppressions in ${totals.calls} calls: ${Math.round(elapsedMs)} ms, slowest call ${Math.round(totals.slowestMs)} ms`);

    expect(file.column).toBe('Mobile');
    expect(file.numbers).toHaveLength(NUMBERS + 100 + 3);
    expect(totals.calls).toBe(Math.ceil((NUMBERS + 103) / SUPPRESSION_IMPORT_CHUNK));
    expect(totals).toMatchObject({ added: NUMBERS, alreadyListed: 100, invalidCount: 3 });
    // Row numbers are the file's lines (the header is line 1).
    expect(totals.invalidRows).toEqual([NUMBERS + 100 + 2, NUMBERS + 100 + 3, NUMBERS + 100 + 5]);
    // One chunk is one short transaction: the core answers other calls between chunks.
    expect(totals.slowestMs).toBeLessThan(5_000);

    const all = await callOk(c, 'suppressions.list', { limit: 5 });
    expect(all).toMatchObject({ total: NUMBERS, matching: NUMBERS });
    // Search by the start of a number, with or without +91 and spaces.
    const found = await callOk(c, 'suppressions.list', { limit: 500, search: '+91 98100 0012' });
    expect(found.total).toBe(NUMBERS);
    expect(found.matching).toBe(10);
    expect(found.latest.map((entry) => entry.phoneE164)).toEqual(Array.from({ length: 10 }, (_, i) => e164(120 + i)));
    expect((await callOk(c, 'suppressions.list', { limit: 10, search: '+9198100001' })).matching).toBe(100);
    // Without '+', the digits may follow the country code (and a trunk 0 is dropped).
    const national = await callOk(c, 'suppressions.list', { limit: 3, search: '098100 0012' });
    expect(national.matching).toBe(10);
    expect(national.latest.map((entry) => entry.phoneE164)).toEqual([e164(120), e164(121), e164(122)]);
    expect((await callOk(c, 'suppressions.list', { limit: 10, search: '+1' })).matching).toBe(0);

    // Importing the same file again adds nothing.
    const again = await importInChunks(c, lines.slice(0, 2001).join('\n'));
    expect(again.totals).toMatchObject({ added: 0, alreadyListed: 2000, invalidCount: 0 });

    expect(await callOk(c, 'suppressions.remove', { phoneE164: e164(120) })).toEqual({ removed: true });
    const exported = await callOk(c, 'suppressions.export', {});
    expect(exported.fileName).toBe('suppression-list.csv');
    expect(exported.rows).toBe(NUMBERS - 1);
    const exportedLines = exported.csv.split('\r\n');
    expect(exportedLines[0]).toBe('phone,reason,added_at');
    // '+' would start a formula in a spreadsheet: the cell carries an apostrophe, as in the results export.
    expect(exportedLines[1]).toMatch(/^\+919810000000,opt_out,\d{4}-\d\d-\d\dT/);
    expect(exported.csv).not.toContain(e164(120));

    // The export imports back (apostrophes dropped) into another profile's empty list as the same numbers.
    const other = await core(open);
    const back = await importInChunks(other, exported.csv, null);
    expect(back.totals).toMatchObject({ added: NUMBERS - 1, alreadyListed: 0, invalidCount: 0 });
  });

  it('reads headerless files, .txt lists and the first column, and applies the list to the next audience import', async () => {
    expect(readSuppressionFile('9810000001\n\n+91 98100 00002\r\n')).toEqual({ numbers: ['9810000001', '+91 98100 00002'], rowNumbers: [1, 3], column: null });
    expect(readSuppressionFile('\uFEFFmsisdn;name\n"+919810000003";"A; B"\n')).toEqual({ numbers: ['+919810000003'], rowNumbers: [2], column: 'msisdn' });
    expect(readSuppressionFile('phone number\tname\n9810000004\tX\n').numbers).toEqual(['9810000004']);
    expect(readSuppressionFile('Contact,Phone\nAsha,9810000005\n')).toMatchObject({ numbers: ['9810000005'], column: 'Phone' });
    expect(readSuppressionFile('')).toEqual({ numbers: [], rowNumbers: [], column: null });

    const c = await core(open);
    // US national numbers read with the chosen default country.
    const us = await callOk(c, 'suppressions.import', { numbers: ['212 555 0100', '9810000006'], reason: 'do_not_contact', defaultCountry: 'US' });
    expect(us).toMatchObject({ added: 1, invalidCount: 1, invalid: [{ index: 1, value: '9810000006' }] });
    await callOk(c, 'suppressions.import', { numbers: ['9810000006'], reason: 'opt_out', defaultCountry: 'IN' });
    const { audience } = await importAndWait(c, await upload(c, 'phone\n+12125550100\n9810000006\n9810000007\n'));
    expect(audience).toMatchObject({ status: 'ready', validRows: 1, optedOutRows: 2 });
  });
});
