import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../../sandbox/server';
import { callOk, startTestCore, startTestSandbox, tempDir } from '../app/support';
import { draftCampaign, seedAudience } from '../launch/support';

/**
 * Two parent profiles on one desktop (the sandbox's prepaid and postpaid parents). Everything
 * profile A owns — audience, campaign draft, suppression, cached sub-accounts — is invisible from
 * profile B: lists leave it out, and asking for it by id is refused as not found.
 */
const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

describe('profile isolation', () => {
  it('no call made under profile B returns or touches profile A’s data', async () => {
    const api: RunningSandbox = await startTestSandbox();
    open.push(api);
    const prepaid = api.accounts.find((a) => a.billing === 'prepaid')!;
    const postpaid = api.accounts.find((a) => a.billing === 'postpaid')!;
    const dataDir = tempDir('desk-isolation-');
    const core = await startTestCore(dataDir, { url: api.url, sid: prepaid.sid, apiKey: prepaid.apiKey, name: prepaid.name }, false, [
      { profileId: 'other-parent', url: api.url, sid: postpaid.sid, apiKey: postpaid.apiKey, name: postpaid.name, role: 'parent' },
    ]);
    open.push(core);

    // Profile A (`sandbox`, active): pull, an audience, a draft, a suppressed number.
    await callOk(core, 'sync.now');
    const audienceId = seedAudience(dataDir, [{ phone: '+919810000123', country: 'IN', zone: 'Asia/Kolkata', language: 'en' }]);
    const campaign = await draftCampaign(core, audienceId);
    await callOk(core, 'suppressions.add', { numbers: '+919810000999', reason: 'do_not_contact', defaultCountry: null });
    const secretsOfA = [audienceId, campaign.id, '+919810000123', '+919810000999', ...prepaid.subaccounts.map((s) => s.sid)];

    // Profile B.
    await callOk(core, 'profiles.activate', { profileId: 'other-parent' });
    await callOk(core, 'sync.now');
    const now = new Date();
    const answers = [
      await callOk(core, 'audiences.list'),
      await callOk(core, 'campaigns.list'),
      await callOk(core, 'suppressions.list', { limit: 500 }),
      await callOk(core, 'subaccounts.list'),
      await callOk(core, 'billing.summary'),
      await callOk(core, 'spend.summary', { from: new Date(now.getTime() - 30 * 86_400_000).toISOString(), to: now.toISOString(), zone: 'UTC' }),
    ];
    const seenByB = JSON.stringify(answers);
    for (const secret of secretsOfA) expect(seenByB, `profile B saw ${secret}`).not.toContain(secret);
    expect(answers[2]).toMatchObject({ total: 0 });

    const refusedById = [
      await core.call('audiences.get', { audienceId }),
      await core.call('audiences.recipients', { audienceId, afterRow: 0, offset: 0, limit: 10, withTotal: true }),
      await core.call('audiences.delete', { audienceId }),
      await core.call('campaigns.get', { id: campaign.id }),
      await core.call('campaigns.plan', { id: campaign.id }),
      await core.call('campaigns.progress', { id: campaign.id }),
      await core.call('campaigns.exportResults', { id: campaign.id }),
    ];
    for (const answer of refusedById) {
      expect(answer.ok).toBe(false);
      if (!answer.ok) expect(['AUDIENCE_NOT_FOUND', 'CAMPAIGN_NOT_FOUND']).toContain(answer.error.code);
    }
    // Deleting is idempotent: from B it deletes nothing and says so, revealing nothing either.
    expect(await callOk(core, 'campaigns.delete', { id: campaign.id })).toEqual({ deleted: false });

    // Back on A, nothing was lost to B's attempts.
    await callOk(core, 'profiles.activate', { profileId: 'sandbox' });
    expect((await callOk(core, 'audiences.list')).map((a) => a.id)).toContain(audienceId);
    expect((await callOk(core, 'campaigns.get', { id: campaign.id })).id).toBe(campaign.id);
  });
});
