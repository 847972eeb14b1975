import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../../electron/core/core';
import { INTERRUPTED_REASON } from '../../../electron/core/audiences/audience-imports';
import { writeAudienceCsv } from '../../bench/gen/audience-csv';
import { callOk, tempDir } from '../app/support';
import { core, importAndWait, untilEvent, upload } from './support';

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

const REPORT_CSV = [
  'Phone,First Name,Language,Time zone,City',
  '98100 00001,Asha,hi,,"Pune, MH"', // 2 valid, zone by country (IN has one zone)
  '+1 212 555 0100,Bob,en,,NYC', // 3 valid, zone by prefix
  'not a number,Carl,en,,X', // 4 invalid
  '9810000001,Asha again,hi,,Pune', // 5 duplicate of row 2
  '+4915112345678,Dora,de,,"Berlin\nMitte"', // 6 valid, ambiguous (Berlin or Busingen)
  '+4915112345679,Emil,de,europe/berlin,Berlin', // 7 valid, zone from the column (canonical name)
  '+80012345678,Free,en,,', // 8 valid, no zone known
  '+919810000009,Opted,hi,,', // 9 opted out
  '12,Short,en,,', // 10 invalid
  '+12125550101,Fay,en,Asia/Calcutta,"=HYPERLINK(""x"")"', // 11 valid, zone column alias → Asia/Kolkata
  '',
].join('\r\n');

describe('audience import through the real core into a real SQLite file', () => {
  it('imports a CSV with bad rows and reports every row exactly', async () => {
    const c = await core(open);
    const suppressed = await callOk(c, 'suppressions.add', {
      numbers: '98100 00009\n+12125559999, nonsense\n+919810000009',
      reason: 'opt_out',
      defaultCountry: 'IN',
    });
    expect(suppressed).toMatchObject({ added: 2, alreadyListed: 0, invalid: [{ value: 'nonsense' }] });
    expect(await callOk(c, 'suppressions.remove', { phoneE164: '+12125559999' })).toEqual({ removed: true });
    expect((await callOk(c, 'suppressions.list', { limit: 10 })).total).toBe(1);

    const { preview, audienceId, audience } = await importAndWait(c, await upload(c, REPORT_CSV));
    expect(preview).toMatchObject({ encoding: 'utf-8', delimiter: ',', columnCount: 5 });
    expect(preview.suggestedMapping).toEqual({
      hasHeader: true,
      phone: 0,
      name: 1,
      language: 2,
      zone: 3,
      country: null,
      customFields: [{ column: 4, field: 'city' }],
    });

    expect(audience.failureReason).toBeNull();
    expect(audience).toMatchObject({ status: 'ready', totalRows: 10, validRows: 6, invalidRows: 2, duplicateRows: 1, optedOutRows: 1, customFields: ['city'] });
    expect(audience.report?.issuesByKind).toEqual({ invalid: 2, duplicate: 1, opted_out: 1, zone_unknown: 1, zone_ambiguous: 1 });
    expect(audience.report?.recipientsByZoneSource).toEqual({ column: 2, prefix: 1, country: 1, fallback: 0, unknown: 2 });

    const { recipients, total } = await callOk(c, 'audiences.recipients', { audienceId, afterRow: 0, offset: 0, limit: 100, withTotal: true });
    expect(total).toBe(6);
    expect(recipients.map((r) => [r.rowNumber, r.phoneE164, r.zone, r.zoneSource])).toEqual([
      [2, '+919810000001', 'Asia/Kolkata', 'country'],
      [3, '+12125550100', 'America/New_York', 'prefix'],
      [6, '+4915112345678', null, 'unknown'],
      [7, '+4915112345679', 'Europe/Berlin', 'column'],
      [8, '+80012345678', null, 'unknown'],
      [11, '+12125550101', 'Asia/Kolkata', 'column'],
    ]);
    expect(recipients[0]).toMatchObject({ name: 'Asha', language: 'hi', fields: { city: 'Pune, MH' } });
    expect(recipients[2]?.zoneCandidates).toEqual(['Europe/Berlin', 'Europe/Zurich']);
    expect(recipients[2]?.fields).toEqual({ city: 'Berlin\nMitte' });

    const issues = await callOk(c, 'audiences.issues', { audienceId, kind: null, afterRow: 0, limit: 100 });
    expect(issues.issues.map((i) => [i.rowNumber, i.kind, i.code])).toEqual([
      [4, 'invalid', 'PHONE_NOT_A_NUMBER'],
      [5, 'duplicate', 'DUPLICATE'],
      [6, 'zone_ambiguous', 'ZONE_AMBIGUOUS'],
      [8, 'zone_unknown', 'ZONE_UNKNOWN'],
      [9, 'opted_out', 'OPTED_OUT'],
      [10, 'invalid', 'PHONE_TOO_SHORT'],
    ]);
    expect(issues.issues[1]?.message).toContain('row 2');

    const exported = await callOk(c, 'audiences.exportIssues', { audienceId, kinds: ['invalid'] });
    expect(exported.rows).toBe(2);
    expect(exported.csv.split('\r\n')[0]).toBe('row,problem,value,code,reason');
    expect(exported.csv).toContain('4,invalid,not a number,PHONE_NOT_A_NUMBER,');
    expect(exported.fileName).toBe('Diwali-list-invalid-rows.csv');

    // Filters and search page through the right rows.
    const us = await callOk(c, 'audiences.recipients', { audienceId, afterRow: 0, offset: 0, limit: 10, country: 'US', withTotal: true });
    expect(us.total).toBe(2);
    const kolkata = await callOk(c, 'audiences.recipients', { audienceId, afterRow: 0, offset: 0, limit: 10, zone: 'Asia/Kolkata', withTotal: true });
    expect(kolkata.recipients.map((r) => r.rowNumber)).toEqual([2, 11]);
    const noZone = await callOk(c, 'audiences.recipients', { audienceId, afterRow: 0, offset: 0, limit: 10, zone: null, withTotal: true });
    expect(noZone.total).toBe(2);
    const found = await callOk(c, 'audiences.recipients', { audienceId, afterRow: 0, offset: 0, limit: 10, search: '212 555 0101', withTotal: true });
    expect(found.recipients.map((r) => r.name)).toEqual(['Fay']);
    const byName = await callOk(c, 'audiences.recipients', { audienceId, afterRow: 3, offset: 0, limit: 10, search: 'emi', withTotal: false });
    expect(byName).toEqual({ recipients: [expect.objectContaining({ rowNumber: 7 })], total: null });

    expect((await callOk(c, 'audiences.list')).map((a) => a.id)).toEqual([audienceId]);
  });

  it('reads UTF-16 LE with a BOM, semicolons, and a file without a header', async () => {
    const c = await core(open);
    const text = '\ufeff+919810000001;Zoë\r\n+919810000002;Łukasz\r\n';
    const bytes = Buffer.from(text, 'utf16le');
    const { preview, audience } = await importAndWait(c, await upload(c, bytes), null);
    expect(preview).toMatchObject({ encoding: 'utf-16le', delimiter: ';' });
    expect(preview.suggestedMapping.hasHeader).toBe(false);
    expect(audience).toMatchObject({ status: 'ready', totalRows: 2, validRows: 2 });
    const { recipients } = await callOk(c, 'audiences.recipients', { audienceId: audience.id, afterRow: 0, offset: 0, limit: 10, withTotal: false });
    expect(recipients.map((r) => r.fields?.column_2)).toEqual(['Zoë', 'Łukasz']);
  });

  it('fails a file with an unterminated quote: at preview when it is in the sample, else at import without partial rows', async () => {
    const c = await core(open);
    const small = await c.call('audiences.preview', { uploadId: await upload(c, 'phone,name\n+919810000001,"Asha\n+919810000002,Bo\n') });
    expect(small).toMatchObject({ ok: false, error: { code: 'FILE_UNREADABLE', message: expect.stringMatching(/line 2 is never closed/) } });

    const rows = Array.from({ length: 12_000 }, (_, i) => `+91981${String(i).padStart(7, '0')},Name ${i}`);
    const big = `phone,name\n${rows.join('\n')}\n+919899999999,"unclosed\n+919899999998,Last\n`;
    const { audience } = await importAndWait(c, await upload(c, big));
    expect(audience.status).toBe('failed');
    expect(audience.failureReason).toMatch(/line 12002 is never closed/);
    expect(audience.validRows).toBe(0);
    const left = await callOk(c, 'audiences.recipients', { audienceId: audience.id, afterRow: 0, offset: 0, limit: 1, withTotal: true });
    expect(left.total).toBe(0);
  });

  it('refuses a binary file and an empty file at preview, with a message to act on', async () => {
    const c = await core(open);
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 8, 0]);
    const binary = await c.call('audiences.preview', { uploadId: await upload(c, zip, 'list.xlsx') });
    expect(binary).toMatchObject({ ok: false, error: { code: 'FILE_UNREADABLE', message: expect.stringContaining('Excel') } });
    const empty = await c.call('audiences.preview', { uploadId: await upload(c, '') });
    expect(empty).toMatchObject({ ok: false, error: { code: 'FILE_UNREADABLE', message: expect.stringContaining('empty') } });
  });

  it('cancelling mid-import deletes the audience and its rows; a stopped import fails on the next start', async () => {
    const dataDir = tempDir('desk-audiences-');
    const file = join(dataDir, 'big.csv');
    await writeAudienceCsv(file, 150_000);
    const c = await core(open, dataDir);
    const bigUpload = async () => (await c.uploads.register(file)).id;

    const uploadId = await bigUpload();
    const preview = await callOk(c, 'audiences.preview', { uploadId });
    const progressed = untilEvent(c, (e) => e.name === 'audiences.importProgress' && e.payload.rowsRead > 0);
    const { audienceId } = await callOk(c, 'audiences.import', { uploadId, name: 'Big', mapping: preview.suggestedMapping, defaultCountry: 'IN' });
    await progressed;
    expect(await callOk(c, 'audiences.cancelImport', { audienceId })).toEqual({ cancelled: true });
    expect(await callOk(c, 'audiences.list')).toEqual([]);
    const side = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
    expect(side.prepare('SELECT COUNT(*) AS n FROM recipients').get()).toEqual({ n: 0 });
    side.close();

    // Stop the core mid-import (as a quit or crash would): the next start marks it failed.
    const second = await bigUpload();
    const again = untilEvent(c, (e) => e.name === 'audiences.importProgress' && e.payload.rowsRead > 0);
    const started = await callOk(c, 'audiences.import', { uploadId: second, name: 'Big again', mapping: preview.suggestedMapping, defaultCountry: 'IN' });
    await again;
    c.close();
    open.splice(open.indexOf(c), 1);
    const restarted = await core(open, dataDir);
    const after = await callOk(restarted, 'audiences.get', { audienceId: started.audienceId });
    expect(after).toMatchObject({ status: 'failed', failureReason: INTERRUPTED_REASON, validRows: 0 });
    const rows = await callOk(restarted, 'audiences.recipients', { audienceId: started.audienceId, afterRow: 0, offset: 0, limit: 1, withTotal: true });
    expect(rows.total).toBe(0);
  });

  it('keeps each profile’s audiences to itself', async () => {
    const c = await core(open);
    const { audienceId } = await importAndWait(c, await upload(c, 'phone\n+919810000001\n'));
    const other = await core(open);
    const result = await other.call('audiences.get', { audienceId });
    expect(result).toMatchObject({ ok: false, error: { code: 'AUDIENCE_NOT_FOUND' } });
  });
});
