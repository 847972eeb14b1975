import { describe, expect, it } from 'vitest';
import {
  callError,
  callOk,
  closedAfterEach,
  draftCampaign,
  indianAudience,
  launch,
  startLaunchCore,
  startLaunchSandbox,
  tempDir,
  type Account,
} from './support';

const open = closedAfterEach();

const MINUTE = 60_000;
/** 16 minutes out: too close to schedule at the API (15 min + margin), so the outbox holds it and its money stays reserved. */
const heldSchedule = () => ({ schedule: { kind: 'instant', utc: new Date(Date.now() + 16 * MINUTE).toISOString().replace(/\.\d{3}Z$/, '.000Z') } });

describe('money guard', () => {
  it('two campaigns can never both count on the same money; cancelling gives it back', async () => {
    const sandbox = await startLaunchSandbox();
    open.push(sandbox);
    const parent = sandbox.accounts.find((account) => account.billing === 'prepaid');
    const south = parent?.subaccounts.find((sub) => sub.name === 'AcmeSouth');
    if (!south) throw new Error('no AcmeSouth');
    // AcmeSouth: an assigned sub-account with ₹500.00; India costs ₹0.25 a unit.
    const account: Account = { url: sandbox.url, sid: south.sid, apiKey: south.apiKey, name: south.name, role: 'subaccount' };
    const dataDir = tempDir('launch-money-');
    const core = await startLaunchCore(dataDir, account);
    open.push(core);
    let offset = 0;
    const campaignFor = async (recipients: number, overrides: Record<string, unknown> = {}) => {
      const audienceId = indianAudience(dataDir, recipients, offset);
      offset += recipients;
      return draftCampaign(core, audienceId, { ...heldSchedule(), ...overrides });
    };

    const first = await campaignFor(1_200); // ₹300
    const launched = await launch(core, first.id);
    expect(launched.status).toBe('scheduled');
    expect(launched.totals.reservedMinor).toBe(30_000);

    const second = await campaignFor(1_000); // ₹250, but only ₹200 is left after the reservation
    const plan = await callOk(core, 'campaigns.plan', { id: second.id });
    expect(plan.budget).toMatchObject({
      fits: false,
      neededMinor: 25_000,
      availableMinor: 20_000,
      shortfallMinor: 5_000,
      reservedMinor: 30_000,
      limitedBy: 'balance',
    });
    const refused = await callError(core, 'campaigns.launch', { id: second.id, revision: second.revision });
    expect(refused.code).toBe('INSUFFICIENT_FUNDS');
    expect(refused.message).toContain('₹250.00');
    expect(refused.message).toContain('₹200.00');
    expect(refused.message).toContain('₹300.00 reserved');
    expect((await callOk(core, 'campaigns.get', { id: second.id })).status).toBe('draft');

    // Two launches at once, ₹150 each with ₹200 left: each fits alone, not both. Only one gets the money.
    const third = await campaignFor(600); // ₹150
    const fourth = await campaignFor(600); // ₹150
    const outcomes = await Promise.all([third, fourth].map((campaign) => core.call('campaigns.launch', { id: campaign.id, revision: campaign.revision })));
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
    expect(outcomes.filter((outcome) => !outcome.ok).map((outcome) => (outcome.ok ? null : outcome.error.code))).toEqual(['INSUFFICIENT_FUNDS']);

    // The campaign's own budget is a limit too.
    const capped = await campaignFor(100, { budgetMinor: 2_000 }); // ₹25 needed, ₹20 allowed
    const overBudget = await callError(core, 'campaigns.launch', { id: capped.id, revision: capped.revision });
    expect(overBudget).toMatchObject({ code: 'INSUFFICIENT_FUNDS', field: 'budgetMinor' });

    // Cancelling the first launch releases its ₹300: now the ₹250 campaign fits (₹500 − ₹150 reserved).
    const cancelled = await callOk(core, 'campaigns.cancel', { id: first.id });
    expect(cancelled).toMatchObject({ status: 'cancelled', totals: { reservedMinor: 0, cancelled: 1_200, queued: 0 } });
    const relaunched = await launch(core, second.id);
    expect(relaunched.totals.reservedMinor).toBe(25_000);
    // Nothing was charged: held waves reserve money, they do not spend it.
    const billing = await fetch(`${sandbox.url}/api/v1/${south.sid}/billing`, { headers: { 'api-key': south.apiKey } }).then(
      (r) => r.json() as Promise<{ data: { balance: number } }>,
    );
    expect(billing.data.balance).toBe(500);
  });
});
