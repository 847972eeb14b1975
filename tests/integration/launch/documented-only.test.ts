import { describe, expect, it } from 'vitest';
import { analyzeSms } from '../../../shared/sms';
import {
  callError,
  callOk,
  closedAfterEach,
  closeNow,
  dayEitherSideOfNow,
  draftCampaign,
  freshSpendSummary,
  indianMobiles,
  kolkataAudience,
  launch,
  parentAccount,
  regionalTeamAccount,
  startDocumentedOnlySandbox,
  startLaunchCore,
  tempDir,
  waitUntilSent,
} from './support';
import { startTestCore } from '../app/support';

const open = closedAfterEach();

const BODY = 'Monsoon sale at Acme: 15% off umbrellas and rainwear till Sunday. Reply STOP to opt out.';

/**
 * The regional team (AcmeNorth) on the embedded sandbox's profile, which can be switched to the
 * sandbox's documented-only listener: the same accounts and money, but every [ours] route unknown.
 */
async function regionalTeam(dataDir = tempDir('desk-documented-only-'), sandboxDir = tempDir('sandbox-documented-only-')) {
  const { sandbox, documentedOnlyUrl } = await startDocumentedOnlySandbox(open, sandboxDir);
  const north = { ...regionalTeamAccount(sandbox), documentedOnlyUrl };
  const core = await startLaunchCore(dataDir, north);
  open.push(core);
  return { sandbox, north, core, dataDir, sandboxDir, documentedOnlyUrl };
}

describe('a regional team on the documented-only sandbox', () => {
  it('keeps the switch with the profile across restarts, and refuses it for a real account', async () => {
    const { sandbox, core, dataDir, documentedOnlyUrl } = await regionalTeam();
    const switched = await callOk(core, 'profiles.setDocumentedOnly', { profileId: 'sandbox', documentedOnly: true });
    expect(switched).toMatchObject({ documentedOnly: true, baseUrl: documentedOnlyUrl });
    // Syncing works: billing and opt-outs are simply not offered, sub-account keys list nothing more.
    expect((await callOk(core, 'sync.now')).state).toBe('online');

    closeNow(open, core);
    const again = await startTestCore(dataDir, { ...regionalTeamAccount(sandbox), documentedOnlyUrl }, false);
    open.push(again);
    expect((await callOk(again, 'profiles.list')).find((profile) => profile.id === 'sandbox')).toMatchObject({
      documentedOnly: true,
      baseUrl: documentedOnlyUrl,
    });
    expect((await callOk(again, 'profiles.setDocumentedOnly', { profileId: 'sandbox', documentedOnly: false })).baseUrl).toBe(sandbox.url);

    const parent = sandbox.accounts[0];
    if (!parent) throw new Error('no parent');
    const added = await callOk(again, 'profiles.add', { displayName: 'Acme HQ', baseUrl: sandbox.url, sid: parent.sid, apiKey: parent.apiKey });
    const refused = await callError(again, 'profiles.setDocumentedOnly', { profileId: added.id, documentedOnly: true });
    expect(refused).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('says why a launch cannot be checked, and takes statuses through the documented status API', async () => {
    const { sandbox, north, core, dataDir } = await regionalTeam();
    const phones = indianMobiles(30);
    const audienceId = kolkataAudience(dataDir, phones);
    const units = analyzeSms(BODY).segments;

    // Documented-only, the balance has no documented source: the launch says so instead of guessing.
    await callOk(core, 'profiles.setDocumentedOnly', { profileId: 'sandbox', documentedOnly: true });
    const refusedDraft = await draftCampaign(core, audienceId, { senderId: 'ACMEIN', variants: [{ language: 'en', body: BODY, isDefault: true }] });
    const refused = await callError(core, 'campaigns.launch', { id: refusedDraft.id, revision: refusedDraft.revision });
    expect(refused.code).toBe('API_NOT_AVAILABLE');
    expect(refused.message).toMatch(/does not report its balance/);

    // Launched with the full sandbox (balance checked), then followed documented-only.
    await callOk(core, 'profiles.setDocumentedOnly', { profileId: 'sandbox', documentedOnly: false });
    const draft = await draftCampaign(core, audienceId, { senderId: 'ACMEIN', variants: [{ language: 'en', body: BODY, isDefault: true }] });
    await launch(core, draft.id);
    await waitUntilSent(core, draft.id);
    await callOk(core, 'profiles.setDocumentedOnly', { profileId: 'sandbox', documentedOnly: true });

    sandbox.advanceClock(10_000);
    const pulled = await callOk(core, 'campaigns.syncStatuses');
    expect(pulled).toEqual({ applied: phones.length, mode: 'status' });
    const progress = await callOk(core, 'campaigns.progress', { id: draft.id });
    expect(progress.totals).toMatchObject({ recipients: phones.length, delivered: phones.length, sent: 0, notSent: 0 });
    // The documented status API reports no charges: the figure says it is not known, never 0.
    expect(progress.chargedUnavailable).toMatch(/not known/);
    const ledgerCharged = -sandbox
      .ledgerEntries(north.sid)
      .filter((entry) => entry.kind === 'sms_charge')
      .reduce((sum, entry) => sum + entry.amountMinor, 0);
    expect(ledgerCharged).toBe(phones.length * units * 25);
  });
});

describe('a parent manager on the documented-only sandbox', () => {
  it('sees spend that needs the message log marked as not available, never a silent 0', async () => {
    const { sandbox, documentedOnlyUrl } = await startDocumentedOnlySandbox(open, tempDir('sandbox-documented-spend-'));
    const { url, sid, apiKey, name } = parentAccount(sandbox, 'prepaid');
    const core = await startTestCore(tempDir('desk-documented-spend-'), { url, sid, apiKey, name, documentedOnlyUrl }, false);
    open.push(core);
    await callOk(core, 'profiles.setDocumentedOnly', { profileId: 'sandbox', documentedOnly: true });
    const summary = await freshSpendSummary(core, dayEitherSideOfNow('Asia/Kolkata'));
    // The documented sub-account list still names every account; the billing figures are simply absent.
    expect(summary.accounts.map((account) => account.name)).toEqual(expect.arrayContaining(['AcmeNorth', 'AcmeSouth', 'AcmeWest']));
    expect(summary.parent).toBeNull();
    for (const account of summary.accounts) expect(account.problem).toMatch(/^Not available: this API offers no message log/);
  });
});
