import { afterEach, describe, expect, it } from 'vitest';
import { callOk } from '../app/support';
import { core, importAndWait, upload } from '../audiences/support';

/**
 * Audience files built to hurt: each ends in a clear error a person can act on, or in a complete
 * row-by-row report — never a crash, a hang, or a partial audience saved as if it were complete.
 */
const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

type Outcome =
  { kind: 'refused'; code: string; message: string } | { kind: 'imported'; status: string; validRows: number; invalidRows: number; totalRows: number };

async function attempt(content: string | Buffer): Promise<Outcome> {
  const c = await core(open);
  const uploadId = await upload(c, content, 'hostile.csv');
  const preview = await c.call('audiences.preview', { uploadId });
  if (!preview.ok) return { kind: 'refused', code: preview.error.code, message: preview.error.message };
  const { audience } = await importAndWait(c, uploadId);
  if (audience.status !== 'ready') {
    expect(audience.status).toBe('failed');
    const rows = await callOk(c, 'audiences.recipients', { audienceId: audience.id, afterRow: 0, offset: 0, limit: 1, withTotal: true });
    expect(rows.total).toBe(0);
    return { kind: 'refused', code: 'IMPORT_FAILED', message: audience.failureReason ?? '' };
  }
  return { kind: 'imported', status: audience.status, validRows: audience.validRows, invalidRows: audience.invalidRows, totalRows: audience.totalRows };
}

describe('hostile audience files', () => {
  it('2,000 columns', async () => {
    const header = ['phone', ...Array.from({ length: 1999 }, (_, i) => `c${i}`)].join(',');
    const row = ['+919810000001', ...Array.from({ length: 1999 }, () => 'x')].join(',');
    expect(await attempt(`${header}\n${row}\n`)).toMatchObject({
      kind: 'refused',
      code: 'FILE_UNREADABLE',
      message: expect.stringMatching(/more than 1000 columns: check the delimiter/),
    });
  });

  it('a single 100 MB field', { timeout: 120_000 }, async () => {
    const outcome = await attempt(`phone,name\n+919810000001,"${'a'.repeat(100 * 1024 * 1024)}"\n`);
    expect(outcome).toMatchObject({ kind: 'refused', code: 'FILE_UNREADABLE', message: expect.stringMatching(/field on line 2 is longer than/) });
  });

  it('UTF-16 without a byte-order mark', async () => {
    const outcome = await attempt(Buffer.from('phone,name\n+919810000001,Asha\n+919810000002,Ravi\n', 'utf16le'));
    expect(outcome).toMatchObject({ kind: 'refused', code: 'FILE_UNREADABLE', message: expect.stringMatching(/Save or export it as CSV \(UTF-8\)/) });
  });

  it('formula cells, right-to-left overrides, zero-width characters and numbers with letters', async () => {
    const csv = [
      'phone,name',
      '=HYPERLINK("http://evil.example"),Formula',
      '+919810000001,\u202eevil.exe\u200b',
      '+919810000002,Zero\u200bWidth\ufeff',
      '+91 98100 ABCDE,Letters',
      '98100x00003,Mixed',
      '@SUM(1+1),At',
      '',
    ].join('\n');
    // The two real numbers import (names kept as written); the formula, the letters and the mixed cell are invalid rows.
    expect(await attempt(csv)).toEqual({ kind: 'imported', status: 'ready', totalRows: 6, validRows: 2, invalidRows: 4 });
  });
});
