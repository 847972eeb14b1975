/**
 * A Campaign Desk core in its own process, for crash tests: it launches (or resumes) one
 * campaign against the API it is given and reports on stdout, one JSON line per event, until
 * every request has settled. The parent kills it with SIGKILL wherever it likes and starts it
 * again on the same data folder.
 *
 *   npx tsx tests/integration/launch/child/launch-child.ts '<json config>'
 */
import { z } from 'zod';
import { callOk, FAST_CAMPAIGN_OPTIONS, startLaunchCore } from '../support';

const config = z
  .object({
    dataDir: z.string(),
    account: z.object({ url: z.string(), sid: z.string(), apiKey: z.string(), name: z.string(), role: z.enum(['parent', 'subaccount']) }),
    campaignId: z.string(),
    maxInFlight: z.number().int().min(1),
    /** After every request settled, pull statuses until this many recipients have a final one. */
    pullStatusesUntil: z.number().int().min(1).optional(),
  })
  .parse(JSON.parse(process.argv[2] ?? '{}'));

const say = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);

const core = await startLaunchCore(config.dataDir, config.account, {
  ...FAST_CAMPAIGN_OPTIONS,
  sender: { ...FAST_CAMPAIGN_OPTIONS.sender, maxInFlight: config.maxInFlight },
});
core.onEvent((event) => {
  if (event.name === 'campaigns.progress') say({ event: 'progress', accepted: event.payload.accepted, queued: event.payload.queued });
});
say({ event: 'started' });

const campaign = await callOk(core, 'campaigns.get', { id: config.campaignId });
if (campaign.status === 'draft') {
  say({ event: 'launching' });
  await callOk(core, 'campaigns.launch', { id: campaign.id, revision: campaign.revision });
  say({ event: 'launched' });
}
for (;;) {
  const progress = await callOk(core, 'campaigns.progress', { id: config.campaignId });
  if (progress.requests.pending === 0) {
    say({ event: 'done', accepted: progress.requests.accepted, failed: progress.requests.failed });
    if (config.pullStatusesUntil !== undefined) await pullStatuses(config.pullStatusesUntil);
    core.close();
    process.exit(0);
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
}

async function pullStatuses(until: number): Promise<void> {
  for (;;) {
    say({ event: 'pulling' });
    const { applied } = await callOk(core, 'campaigns.syncStatuses');
    const { totals } = await callOk(core, 'campaigns.progress', { id: config.campaignId });
    const final = totals.delivered + totals.undelivered + totals.notSent;
    say({ event: 'pulled', applied, final, delivered: totals.delivered });
    if (final >= until) {
      say({ event: 'statuses-done', final, delivered: totals.delivered, undelivered: totals.undelivered });
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
