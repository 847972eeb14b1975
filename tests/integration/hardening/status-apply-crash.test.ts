import { afterEach, describe, expect, it } from 'vitest';
import { runChild } from '../launch/child/run-child';
import { draftCampaign, indianAudience, parentAccount, startLaunchCore, startLaunchSandbox, tempDir } from '../launch/support';
import { progressCounterDrift, storeIntegrity } from './store-integrity';

/**
 * SIGKILL while the core applies a large batch of delivery statuses, at random moments, three
 * times: the store stays sound, and the final counts are exact — no status lost, none counted twice.
 */
// The prepaid demo parent's ₹7,450 at ₹0.25 a message covers this many.
const RECIPIENTS = 25_000;

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

describe('SIGKILL during status apply', () => {
  it('keeps the store sound and the delivery counts exact', { timeout: 180_000 }, async () => {
    const sandbox = await startLaunchSandbox({ rateLimit: 'off' });
    open.push(sandbox);
    const account = parentAccount(sandbox, 'prepaid');
    const dataDir = tempDir('status-crash-');
    const setup = await startLaunchCore(dataDir, account);
    const campaign = await draftCampaign(setup, indianAudience(dataDir, RECIPIENTS));
    setup.close();
    const config = { dataDir, account: { ...account, role: 'parent' as const }, campaignId: campaign.id, maxInFlight: 8, pullStatusesUntil: RECIPIENTS };

    // Launch to the end, then let the sandbox deliver everything: 25,000 statuses wait to be pulled.
    const launcher = runChild({ ...config, pullStatusesUntil: undefined });
    await launcher.until((event) => event['event'] === 'done');
    expect(await launcher.exited).toBe(0);
    sandbox.advanceClock(60_000);

    for (let kill = 0; kill < 3; kill++) {
      const puller = runChild(config);
      await puller.until((event) => event['event'] === 'pulling');
      await new Promise((resolve) => setTimeout(resolve, 10 + Math.floor(Math.random() * 200)));
      await puller.kill();
      expect(storeIntegrity(dataDir)).toBe('ok');
      // The progress counters move in the statuses' transactions: a kill never leaves them apart.
      expect(progressCounterDrift(dataDir)).toEqual([]);
    }

    const finisher = runChild(config);
    const done = await finisher.until((event) => event['event'] === 'statuses-done');
    expect(await finisher.exited).toBe(0);
    expect(done).toMatchObject({ final: RECIPIENTS, delivered: RECIPIENTS, undelivered: 0 });
    expect(storeIntegrity(dataDir)).toBe('ok');
    expect(progressCounterDrift(dataDir)).toEqual([]);
  });
});
