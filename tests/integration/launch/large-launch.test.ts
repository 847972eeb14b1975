import { describe, expect, it } from 'vitest';
import {
  callOk,
  closedAfterEach,
  deliveriesPerRecipient,
  draftCampaign,
  exactlyOnceProblems,
  launch,
  seedAudience,
  startLaunchRig,
  usNumbers,
  waitUntilSent,
} from './support';

const open = closedAfterEach();

const RECIPIENTS = 100_000;

describe('a 100,000-recipient launch', () => {
  it('goes out exactly once, in requests of 100, checked against the sandbox log', { timeout: 120_000 }, async () => {
    // The launch sandbox has no rate limit: this measures the desk, not the API's throttling.
    const { sandbox, account, dataDir, core } = await startLaunchRig(open, { dataDirPrefix: 'launch-100k-', billing: 'postpaid' });
    const phones = usNumbers(RECIPIENTS);
    const audienceId = seedAudience(
      dataDir,
      phones.map((phone) => ({ phone, country: 'US', zone: 'America/New_York' })),
    );
    const campaign = await draftCampaign(core, audienceId, { senderId: 'GLOBEX' });

    const plan = await callOk(core, 'campaigns.plan', { id: campaign.id });
    expect(plan).toMatchObject({ requests: RECIPIENTS / 100, currency: 'USD', estimate: { recipients: RECIPIENTS, totalMinor: RECIPIENTS } });
    expect(plan.budget?.fits).toBe(true);

    const started = performance.now();
    const launched = await launch(core, campaign.id);
    expect(launched.requests.total).toBe(RECIPIENTS / 100);
    const sent = await waitUntilSent(core, campaign.id, 110_000, 1_000);
    const seconds = (performance.now() - started) / 1000;
    expect(sent.requests).toMatchObject({ accepted: RECIPIENTS / 100, failed: 0 });
    console.info(`100,000 recipients accepted in ${seconds.toFixed(1)} s (${Math.round(RECIPIENTS / seconds)} recipients/s)`);

    const counts = await deliveriesPerRecipient(sandbox, account, campaign.id);
    expect(counts.size).toBe(RECIPIENTS);
    expect(exactlyOnceProblems(phones, counts)).toEqual([]);
    expect(sandbox.ledgerDiscrepancies()).toEqual([]);
  });
});
