import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeAudienceCsv } from '../../bench/gen/audience-csv';
import { untilEvent } from '../audiences/support';
import {
  callOk,
  closedAfterEach,
  draftCampaign,
  expectEachSentOnce,
  importedExactly,
  importEnded,
  indianMobiles,
  kolkataAudience,
  startImportAsSuggested,
  startLaunchRig,
  waitUntilSent,
} from './support';

const open = closedAfterEach();

/** Rows of the import that writes while the campaigns launch (`IMPORT_ROWS=400000` for the full size). */
const IMPORT_ROWS = Number(process.env.IMPORT_ROWS ?? 200_000);

describe('launching while an import writes to the same store', () => {
  it('five launches during a large import all succeed, each sent exactly once, and the import completes exactly', { timeout: 300_000 }, async () => {
    const { sandbox, account, dataDir, core } = await startLaunchRig(open, { dataDirPrefix: 'launch-during-import-', billing: 'postpaid' });
    const audiences = Array.from({ length: 5 }, (_, index) => indianMobiles(150, 20_000 + index * 1_000));
    const drafts = [];
    for (const phones of audiences) drafts.push(await draftCampaign(core, kolkataAudience(dataDir, phones), { senderId: 'GLOBEX' }));

    const file = join(dataDir, 'crm-export.csv');
    const stats = await writeAudienceCsv(file, IMPORT_ROWS);
    const writing = untilEvent(core, (event) => event.name === 'audiences.importProgress' && event.payload.validRows > 0, 120_000);
    const { audienceId } = await startImportAsSuggested(core, file);
    await writing;

    // All five at once, while the import writer commits chunk after chunk on its own connection.
    const results = await Promise.all(drafts.map(async (draft) => core.call('campaigns.launch', { id: draft.id, revision: draft.revision })));
    expect(results.filter((result) => !result.ok)).toEqual([]);
    // The import really was still writing while they launched.
    expect((await callOk(core, 'audiences.get', { audienceId })).status).toBe('importing');

    for (const [index, draft] of drafts.entries()) {
      const progress = await waitUntilSent(core, draft.id, 120_000, 250);
      expect(progress.requests).toMatchObject({ failed: 0, cancelled: 0 });
      await expectEachSentOnce(sandbox, account, draft.id, audiences[index] ?? []);
    }
    expect(await importEnded(core, audienceId)).toMatchObject(importedExactly(stats));
    expect(sandbox.ledgerDiscrepancies()).toEqual([]);
  });
});
