import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeAudienceCsv } from '../../bench/gen/audience-csv';
import { formatLatency, probeScreenReads, type ProbeTargets } from '../../support/read-latency-probe';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../../../electron/core/campaigns/campaign-services';
import { startSandboxProcess } from '../../support/sandbox-process';
import {
  callOk,
  closedAfterEach,
  draftCampaign,
  FAST_CAMPAIGN_OPTIONS,
  importedExactly,
  launch,
  seedAudience,
  startImportAsSuggested,
  startLaunchCore,
  tempDir,
  usNumbers,
  waitFor,
} from '../launch/support';

/**
 * The issue's heavy scene, reduced: an audience import writing through its worker threads while
 * two campaigns are launched and sent to the real sandbox and their statuses are pulled — all on
 * one core (the sandbox in a process of its own, as the API would be). Meanwhile the screens' reads (audiences.get, campaigns.list, campaigns.get,
 * campaigns.progress) go through the core's one door every 50 ms; any that takes over a second
 * (counted from when it was due) fails the test. The work itself must come out exact.
 */
const open = closedAfterEach();

const IMPORT_ROWS = 100_000;
const RECIPIENTS_PER_CAMPAIGN = 10_000;
/** The bound for any read call, whatever the app is doing. */
const SLOWEST_READ_MS = 1_000;

describe('screens stay responsive while the app imports, sends and pulls statuses', () => {
  it('answers every screen read within a second, and the import, sends and statuses are exact', { timeout: 300_000 }, async () => {
    // The sandbox runs in its own process, as the real API is elsewhere: only the app's work shares the core's thread.
    const sandbox = await startSandboxProcess('postpaid');
    open.push(sandbox);
    const dataDir = tempDir('responsive-reads-');
    // The puller runs on its own, as in the app, only more often; requests wait for the API as long as the app's do.
    const core = await startLaunchCore(
      dataDir,
      { url: sandbox.url, ...sandbox.account, role: 'parent' },
      { ...FAST_CAMPAIGN_OPTIONS, requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS, statusPullIntervalMs: 250 },
    );
    open.push(core);
    // Two audiences of US numbers (every one delivered by the sandbox), as finished imports would leave them;
    // transactional campaigns, so no legal sending window holds them whatever the time of day the test runs.
    const phones = [usNumbers(RECIPIENTS_PER_CAMPAIGN), usNumbers(RECIPIENTS_PER_CAMPAIGN, RECIPIENTS_PER_CAMPAIGN)];
    const campaigns: Array<Awaited<ReturnType<typeof draftCampaign>>> = [];
    for (const [index, list] of phones.entries()) {
      const audienceId = seedAudience(
        dataDir,
        list.map((phone) => ({ phone, country: 'US', zone: 'America/New_York' })),
      );
      campaigns.push(await draftCampaign(core, audienceId, { name: `Order update ${index + 1}`, senderId: 'GLOBEX', routeType: 'transactional' }));
    }
    const csv = join(dataDir, 'crm-export.csv');
    const generated = await writeAudienceCsv(csv, IMPORT_ROWS);

    const targets: ProbeTargets = { audienceId: campaigns[0]?.audienceId ?? '', campaignIds: campaigns.map((campaign) => campaign.id) };
    const probe = probeScreenReads(core, () => targets);
    let probeResult: Awaited<ReturnType<typeof probe.stop>> | null = null;
    try {
      // The import writes from its worker threads while the launches go out.
      const { audienceId: importedId } = await startImportAsSuggested(core, csv);
      targets.audienceId = importedId;
      for (const campaign of campaigns) await launch(core, campaign.id);

      // The sandbox reports final statuses 5 s of its time after accepting: keep its clock moving
      // while the core's own puller collects them.
      const clock = setInterval(() => void sandbox.advanceClock(2_000).catch(() => undefined), 200);
      try {
        await waitFor(
          'the import to finish and both campaigns to complete',
          async () => {
            const audience = await callOk(core, 'audiences.get', { audienceId: importedId });
            if (audience.status === 'importing') return undefined;
            for (const campaign of campaigns) if ((await callOk(core, 'campaigns.get', { id: campaign.id })).status !== 'completed') return undefined;
            return true;
          },
          240_000,
          250,
        );
      } finally {
        clearInterval(clock);
      }
    } finally {
      probeResult = await probe.stop();
    }
    console.info(`screen reads during import + sends + status pulls: ${formatLatency(probeResult.all)}`);
    for (const [name, summary] of Object.entries(probeResult.byCall)) console.info(`  ${name}: ${formatLatency(summary)}`);

    // The work came out exact, against what was generated and sent.
    const imported = await callOk(core, 'audiences.get', { audienceId: targets.audienceId });
    expect(imported).toMatchObject(importedExactly(generated));
    for (const campaign of campaigns) {
      const progress = await callOk(core, 'campaigns.progress', { id: campaign.id });
      expect(progress.totals).toMatchObject({ recipients: RECIPIENTS_PER_CAMPAIGN, delivered: RECIPIENTS_PER_CAMPAIGN, queued: 0, failed: 0 });
    }
    expect(await sandbox.ledgerDiscrepancies()).toEqual([]);

    // And the screens never waited: every read answered, none over the bound.
    expect(probeResult.failures).toEqual([]);
    expect(probeResult.all.count).toBeGreaterThan(100);
    expect(probeResult.all.max).toBeLessThanOrEqual(SLOWEST_READ_MS);
  });
});
