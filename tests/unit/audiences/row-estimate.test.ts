import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { previewFile } from '../../../electron/core/audiences/file-preview';
import { messyAudience, messyTruth } from '../../support/messy-audience';

const dir = mkdtempSync(join(tmpdir(), 'row-estimate-'));
function fileWith(name: string, content: string): { path: string; size: number } {
  const path = join(dir, name);
  writeFileSync(path, content);
  return { path, size: Buffer.byteLength(content) };
}

describe('the import preview’s row count', () => {
  it('is exact when the whole file fits in the sample (a few-hundred-line export is not "about 21 rows")', async () => {
    const audience = messyAudience();
    const { path, size } = fileWith('crm.csv', audience.csv);
    const preview = await previewFile(path, size);
    expect(preview).toMatchObject({ rowsExact: true, estimatedRows: messyTruth(audience).totalRows });
  });

  it('is estimated from the file size and the first rows’ average length when the file is larger than the sample', async () => {
    const rows = 40_000;
    const lines = ['phone,name,city'];
    for (let row = 0; row < rows; row++) lines.push(`+9198${String(10_000_000 + row)},Person ${row},${row % 2 === 0 ? 'Pune' : 'Thiruvananthapuram'}`);
    const { path, size } = fileWith('big.csv', `${lines.join('\n')}\n`);
    const preview = await previewFile(path, size);
    expect(preview.rowsExact).toBe(false);
    expect(Math.abs(preview.estimatedRows - rows) / rows).toBeLessThan(0.05);
  });
});
