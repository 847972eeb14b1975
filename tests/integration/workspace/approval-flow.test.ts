/**
 * The approval flow across desktops: the parent manager's desktop and the AcmeNorth team's, each a
 * real core on its own SQLite file, against the real sandbox and a throwaway PostgreSQL cluster
 * under their own logins (AcmeSouth's member connects with raw SQL only). A threshold set by the
 * parent disables the team's launch with the reason; a request reaches the parent; only an
 * approval of that exact revision lets the launch through; an edit voids it; a rejection carries
 * its note; row-level security keeps a team from deciding or seeing another team's requests; and
 * both sides are told (the `approvals.notice` event desktop notifications are raised from).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../../shared/money';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/profiles-service';
import { addMember, ensureOrganisation } from '../../../workspace/members';
import { callOk } from '../app/support';
import { callError, draftCampaign, seedAudience, waitFor, type SeedRecipient } from '../launch/support';
import { postgresSkipReason, type PostgresCluster } from '../../support/postgres-cluster';
import { expectRefusedByPolicy, startSandboxOrganisation, type SandboxOrganisation, type WorkspaceDesktop } from './support';

const describeWithPostgres = postgresSkipReason ? describe.skip : describe;

type Desktop = WorkspaceDesktop;

/** The sandbox's Acme rate card (paise per SMS segment), the truth the estimates are checked against. */
const ACME_PRICES_MINOR: Record<string, number> = { IN: 25, AE: 180, GB: 320, SG: 240 };
/** "Campaigns of AcmeNorth estimated above ₹10.00 need approval." */
const THRESHOLD_MINOR = 10_00;

/**
 * A regional team's CRM export: Indian mobiles, a few customers abroad (UK, UAE, Singapore), each
 * with its country and zone as the import resolved them.
 */
function crmRecipients(seed: number): SeedRecipient[] {
  const digits = (n: number, width: number) => String(seed * 100 + n).padStart(width, '0');
  return [
    { phone: `+91981${digits(11, 7)}`, country: 'IN', zone: 'Asia/Kolkata', name: 'Aarav' },
    { phone: `+91973${digits(12, 7)}`, country: 'IN', zone: 'Asia/Kolkata', name: 'Diya' },
    { phone: `+91880${digits(13, 7)}`, country: 'IN', zone: 'Asia/Kolkata', name: 'Ishaan', language: 'hi' },
    { phone: `+91700${digits(14, 7)}`, country: 'IN', zone: 'Asia/Kolkata', name: 'Meera' },
    { phone: `+447911${digits(15, 6)}`, country: 'GB', zone: 'Europe/London', name: 'Oliver' },
    { phone: `+447700${digits(16, 6)}`, country: 'GB', zone: 'Europe/London', name: 'Amelia' },
    { phone: `+97150${digits(17, 7)}`, country: 'AE', zone: 'Asia/Dubai', name: 'Layla', language: 'ar' },
    { phone: `+659${digits(18, 7)}`, country: 'SG', zone: 'Asia/Singapore', name: 'Wei Ling' },
  ];
}

/** What the plan must estimate for a one-segment message to these recipients. */
const estimateOf = (recipients: readonly SeedRecipient[]) => recipients.reduce((sum, recipient) => sum + ACME_PRICES_MINOR[recipient.country!]!, 0);

describeWithPostgres('the approval flow across desktops', () => {
  let organisation: SandboxOrganisation;
  let cluster: PostgresCluster;
  let admin: pg.Client;
  let teamSid: string;
  let parentSid: string;
  let southSid: string;
  let headquarters: Desktop;
  let laptop: Desktop;
  let passwords: ReadonlyMap<string, string>;

  beforeAll(async () => {
    organisation = await startSandboxOrganisation('acme_approvals');
    cluster = organisation.cluster;
    parentSid = organisation.parent.sid;
    teamSid = organisation.accountOf('nils').sid;
    southSid = organisation.accountOf('sofia').sid;
    ({ admin, passwords } = organisation.workspace);
    // AcmeSouth's member connects with raw SQL only.
    await organisation.workspace.addMember(organisation.memberOf('sofia'));
    headquarters = await organisation.openDesktop('priya');
    laptop = await organisation.openDesktop('nils');
    // The parent's desktop knows its sub-accounts (and their currency) from the API.
    await callOk(headquarters.core, 'sync.now');
    await syncNow(headquarters);
    await syncNow(laptop);
  });

  afterAll(async () => {
    await organisation?.close();
  });

  const syncNow = (desktop: Desktop) => callOk(desktop.core, 'workspace.syncNow', { profileId: SANDBOX_PROFILE_ID });
  const connectAs = async (roleName: string) => {
    const client = new pg.Client({ connectionString: cluster.urlFor({ user: roleName, password: passwords.get(roleName)!, database: 'acme_approvals' }) });
    await client.connect();
    return client;
  };
  const noticesOf = (desktop: Desktop, campaignId: string) =>
    desktop.core.events.flatMap((event) => (event.name === 'approvals.notice' && event.payload.campaignId === campaignId ? [event.payload] : []));
  const launchOf = async (campaignId: string) => {
    const campaign = await callOk(laptop.core, 'campaigns.get', { id: campaignId });
    return laptop.core.call('campaigns.launch', { id: campaignId, revision: campaign.revision });
  };
  const inr = (minor: number) => formatMoney(minor, 'INR');

  /** A draft above the threshold on the team's laptop; returns it with the estimate the plan must show. */
  const bigDraft = async (seed: number, name: string) => {
    const recipients = crmRecipients(seed);
    const audienceId = seedAudience(laptop.dataDir, recipients);
    const draft = await draftCampaign(laptop.core, audienceId, { name });
    return { draft, estimateMinor: estimateOf(recipients) };
  };

  it("a threshold set by the parent manager disables the team's launch, with the reason", async () => {
    const before = await callOk(headquarters.core, 'approvals.rules');
    expect(before.joined).toBe(true);
    expect(before.accounts.map((account) => [account.accountSid, account.thresholdMinor])).toEqual(
      expect.arrayContaining([
        [teamSid, null],
        [southSid, null],
      ]),
    );
    const set = await callOk(headquarters.core, 'approvals.setRule', { accountSid: teamSid, thresholdMinor: THRESHOLD_MINOR });
    expect(set.accounts.find((account) => account.accountSid === teamSid)).toMatchObject({
      thresholdMinor: THRESHOLD_MINOR,
      currency: 'INR',
      setBy: 'Priya Raman',
    });
    expect((await admin.query('SELECT account_sid, threshold_minor::int AS threshold, set_by FROM desk.approval_rules')).rows).toEqual([
      { account_sid: teamSid, threshold: THRESHOLD_MINOR, set_by: 'priya_parent' },
    ]);
    // A team cannot set or change rules, even with raw SQL.
    const nils = await connectAs('nils_north');
    try {
      await expectRefusedByPolicy(
        nils.query("INSERT INTO desk.approval_rules (organisation_id, account_sid, threshold_minor, currency) VALUES ($1, $2, 1000000, 'INR')", [
          parentSid,
          southSid,
        ]),
      );
      expect((await nils.query('UPDATE desk.approval_rules SET threshold_minor = 99999999')).rowCount).toBe(0);
    } finally {
      await nils.end();
    }

    await syncNow(laptop);
    const { draft, estimateMinor } = await bigDraft(1, 'Diwali offers (all regions)');
    expect(estimateMinor).toBe(1_160);
    const plan = await callOk(laptop.core, 'campaigns.plan', { id: draft.id });
    expect(plan.estimate.totalMinor).toBe(estimateMinor);
    const state = await callOk(laptop.core, 'approvals.campaign', { campaignId: draft.id });
    expect(state).toMatchObject({ state: 'needs-request', canRequest: true, thresholdMinor: THRESHOLD_MINOR, estimateMinor, currency: 'INR', request: null });
    expect(state.reason).toContain(`Needs a parent manager's approval: estimated ${inr(estimateMinor)}, above ${inr(THRESHOLD_MINOR)}.`);

    const refused = await launchOf(draft.id);
    expect(refused).toMatchObject({ ok: false, error: { code: 'APPROVAL_REQUIRED', field: 'approval' } });
    if (!refused.ok) expect(refused.error.message).toContain(`estimated ${inr(estimateMinor)}, above ${inr(THRESHOLD_MINOR)}`);
    expect((await callOk(laptop.core, 'campaigns.get', { id: draft.id })).status).toBe('draft');

    // Below the threshold nothing changes: two Indian numbers (₹0.50).
    const small = await draftCampaign(laptop.core, seedAudience(laptop.dataDir, crmRecipients(2).slice(0, 2)), { name: 'Store reminder' });
    expect(await callOk(laptop.core, 'approvals.campaign', { campaignId: small.id })).toMatchObject({ state: 'not-needed', reason: null, estimateMinor: 50 });
  });

  it('request → the parent sees it and is told → approve → the team is told and the launch goes', async () => {
    const { draft, estimateMinor } = await bigDraft(3, 'Winter clearance');
    const requested = await callOk(laptop.core, 'approvals.request', { campaignId: draft.id, revision: draft.revision });
    expect(requested).toMatchObject({ state: 'pending', canRequest: false, request: { status: 'requested', estimateMinor, requestedBy: 'Nils Åberg' } });
    expect((await launchOf(draft.id)).ok).toBe(false);
    const inWorkspace = await admin.query(
      'SELECT revision, estimate_minor::int AS estimate, status, requested_by, account_sid FROM desk.approvals WHERE campaign_id = $1',
      [draft.id],
    );
    expect(inWorkspace.rows).toEqual([{ revision: 1, estimate: estimateMinor, status: 'requested', requested_by: 'nils_north', account_sid: teamSid }]);

    await syncNow(headquarters);
    const list = await callOk(headquarters.core, 'approvals.list');
    expect(list.pending).toEqual([
      expect.objectContaining({
        campaignId: draft.id,
        revision: 1,
        campaignName: 'Winter clearance',
        accountSid: teamSid,
        accountName: 'AcmeNorth',
        estimateMinor,
        currency: 'INR',
        requestedBy: 'Nils Åberg',
        superseded: false,
      }),
    ]);
    expect(noticesOf(headquarters, draft.id)).toEqual([
      expect.objectContaining({ kind: 'requested', title: 'Approval requested: Winter clearance', body: expect.stringContaining(inr(estimateMinor)) }),
    ]);
    // A team member's desktop cannot decide: the core refuses a sub-account profile before the workspace would.
    expect(await callError(laptop.core, 'approvals.decide', { campaignId: draft.id, revision: 1, decision: 'approved' })).toMatchObject({
      code: 'FORBIDDEN_ROLE',
    });

    const decided = await callOk(headquarters.core, 'approvals.decide', {
      campaignId: draft.id,
      revision: 1,
      decision: 'approved',
      note: 'OK for the winter push',
    });
    expect(decided.pending).toEqual([]);
    expect(decided.decided[0]).toMatchObject({ campaignId: draft.id, status: 'approved', decidedBy: 'Priya Raman', note: 'OK for the winter push' });

    await syncNow(laptop);
    expect(noticesOf(laptop, draft.id)).toEqual([expect.objectContaining({ kind: 'approved', title: 'Approved: Winter clearance' })]);
    expect(await callOk(laptop.core, 'approvals.campaign', { campaignId: draft.id })).toMatchObject({ state: 'approved', reason: null });
    const launched = await launchOf(draft.id);
    expect(launched.ok).toBe(true);
    expect(['scheduled', 'running']).toContain((await callOk(laptop.core, 'campaigns.get', { id: draft.id })).status);
  });

  it('an edit after the approval voids it: the launch is refused again, and an edit pushed from another desktop does too', async () => {
    const { draft } = await bigDraft(4, 'New year teaser');
    await callOk(laptop.core, 'approvals.request', { campaignId: draft.id, revision: draft.revision });
    await syncNow(headquarters);
    await callOk(headquarters.core, 'approvals.decide', { campaignId: draft.id, revision: 1, decision: 'approved', note: '' });
    await syncNow(laptop);
    expect((await callOk(laptop.core, 'approvals.campaign', { campaignId: draft.id })).state).toBe('approved');

    // A local edit, not pushed anywhere: the approval was for the text before it.
    const edited = await callOk(laptop.core, 'campaigns.update', {
      id: draft.id,
      revision: draft.revision,
      variants: [{ language: 'en', body: 'New year teaser: 30% off from 1 January. Reply STOP to opt out.', isDefault: true }],
    });
    const voided = await callOk(laptop.core, 'approvals.campaign', { campaignId: draft.id });
    expect(voided).toMatchObject({ state: 'voided', canRequest: true });
    expect(voided.reason).toContain('The approval was for an earlier version: the campaign was edited on this desktop since.');
    const refused = await laptop.core.call('campaigns.launch', { id: draft.id, revision: edited.revision });
    expect(refused).toMatchObject({ ok: false, error: { code: 'APPROVAL_REQUIRED' } });

    // Another approved campaign, then a newer revision of it reaches the workspace (the team's other desktop pushed an edit).
    const other = await bigDraft(5, 'Republic day');
    await callOk(laptop.core, 'approvals.request', { campaignId: other.draft.id, revision: other.draft.revision });
    await syncNow(headquarters);
    await callOk(headquarters.core, 'approvals.decide', { campaignId: other.draft.id, revision: 1, decision: 'approved', note: '' });
    await admin.query("UPDATE desk.campaigns SET revision = revision + 1, updated_by = 'noor_north' WHERE id = $1", [other.draft.id]);
    await syncNow(laptop);
    const overtaken = await callOk(laptop.core, 'approvals.campaign', { campaignId: other.draft.id });
    expect(overtaken).toMatchObject({ state: 'voided' });
    expect(overtaken.reason).toContain('edited in the team workspace since');
    expect(await launchOf(other.draft.id)).toMatchObject({ ok: false, error: { code: 'APPROVAL_REQUIRED' } });
    // The parent's list says so too: that revision can no longer be launched.
    await syncNow(headquarters);
    expect((await callOk(headquarters.core, 'approvals.list')).decided.find((item) => item.campaignId === other.draft.id)).toMatchObject({ superseded: true });

    // A request overtaken by an edit before anyone decided: the parent sees it marked, cannot approve it, may reject it.
    const stale = await bigDraft(9, 'Weekend brunch');
    await callOk(laptop.core, 'approvals.request', { campaignId: stale.draft.id, revision: stale.draft.revision });
    await admin.query("UPDATE desk.campaigns SET revision = revision + 1, updated_by = 'noor_north' WHERE id = $1", [stale.draft.id]);
    await syncNow(headquarters);
    expect((await callOk(headquarters.core, 'approvals.list')).pending.find((item) => item.campaignId === stale.draft.id)).toMatchObject({ superseded: true });
    const refusedApproval = await callError(headquarters.core, 'approvals.decide', { campaignId: stale.draft.id, revision: 1, decision: 'approved' });
    expect(refusedApproval).toMatchObject({ code: 'CAMPAIGN_CONFLICT', message: expect.stringContaining('edited this campaign after asking') });
    await callOk(headquarters.core, 'approvals.decide', { campaignId: stale.draft.id, revision: 1, decision: 'rejected', note: 'Send the new version' });
  });

  it('a rejection is refused with its note, and the team is told', async () => {
    const { draft } = await bigDraft(6, 'Flash sale: electronics');
    await callOk(laptop.core, 'approvals.request', { campaignId: draft.id, revision: draft.revision });
    // No sync asked for: the parent's desktop follows its active profile and is woken by LISTEN/NOTIFY.
    await waitFor("the parent's desktop to be told of the request", () => noticesOf(headquarters, draft.id).length === 1, 20_000, 100);
    const note = 'Too costly for November — split it by region and send the UK part in December';
    await callOk(headquarters.core, 'approvals.decide', { campaignId: draft.id, revision: 1, decision: 'rejected', note });
    // Deciding twice is refused: the first decision stands.
    expect(await callError(headquarters.core, 'approvals.decide', { campaignId: draft.id, revision: 1, decision: 'approved' })).toMatchObject({
      code: 'CAMPAIGN_CONFLICT',
    });

    await syncNow(laptop);
    expect(noticesOf(laptop, draft.id)).toEqual([expect.objectContaining({ kind: 'rejected', body: expect.stringContaining(note) })]);
    const state = await callOk(laptop.core, 'approvals.campaign', { campaignId: draft.id });
    expect(state).toMatchObject({ state: 'rejected', canRequest: false, request: { status: 'rejected', note, decidedBy: 'Priya Raman' } });
    const refused = await launchOf(draft.id);
    expect(refused).toMatchObject({ ok: false, error: { code: 'APPROVAL_REQUIRED' } });
    if (!refused.ok) expect(refused.error.message).toContain(note);
  });

  it("a team member cannot approve (row-level security, raw SQL) and cannot see another sub-account's requests", async () => {
    const { draft } = await bigDraft(7, 'Pongal greetings');
    await callOk(laptop.core, 'approvals.request', { campaignId: draft.id, revision: draft.revision });

    const nils = await connectAs('nils_north');
    const sofia = await connectAs('sofia_south');
    try {
      // Nils's own request: he sees it but his UPDATE reaches no row, and a request written as approved is refused.
      expect((await nils.query('SELECT status FROM desk.approvals WHERE campaign_id = $1', [draft.id])).rows).toEqual([{ status: 'requested' }]);
      const update = await nils.query("UPDATE desk.approvals SET status = 'approved', decided_by = session_user, decided_at = now() WHERE campaign_id = $1", [
        draft.id,
      ]);
      expect(update.rowCount).toBe(0);
      await expectRefusedByPolicy(
        nils.query(
          "INSERT INTO desk.approvals (campaign_id, revision, organisation_id, account_sid, estimate_minor, status) VALUES ($1, 2, $2, $3, 1, 'approved')",
          [draft.id, parentSid, teamSid],
        ),
      );
      // AcmeSouth sees none of AcmeNorth's requests or rules, and cannot decide them either.
      expect((await sofia.query('SELECT campaign_id FROM desk.approvals')).rows).toEqual([]);
      expect((await sofia.query('SELECT account_sid FROM desk.approval_rules')).rows).toEqual([]);
      expect((await sofia.query("UPDATE desk.approvals SET status = 'approved', decided_by = session_user")).rowCount).toBe(0);
      // Who decided is told by name within the organisation only (workspace migration 3): never another organisation's people.
      await ensureOrganisation(admin, { id: 'GLOBEX_PARENT1', name: 'Globex Corporation' });
      await addMember(admin, { roleName: 'gus_globex', displayName: 'Gus Grant', organisationId: 'GLOBEX_PARENT1', kind: 'parent_manager' });
      const names = await sofia.query("SELECT desk.member_display_name('priya_parent') AS priya, desk.member_display_name('gus_globex') AS gus");
      expect(names.rows).toEqual([{ priya: 'Priya Raman', gus: null }]);
      expect((await sofia.query('SELECT role_name FROM desk.members ORDER BY role_name')).rows).toEqual([{ role_name: 'sofia_south' }]);
    } finally {
      await Promise.all([nils.end(), sofia.end()]);
    }
    expect((await admin.query('SELECT status, decided_by FROM desk.approvals WHERE campaign_id = $1', [draft.id])).rows).toEqual([
      { status: 'requested', decided_by: null },
    ]);
    expect(await launchOf(draft.id)).toMatchObject({ ok: false, error: { code: 'APPROVAL_REQUIRED' } });
  });

  it('a removed rule lets the same campaigns launch without approval', async () => {
    const { draft } = await bigDraft(8, 'Spring catalogue');
    expect((await callOk(laptop.core, 'approvals.campaign', { campaignId: draft.id })).state).toBe('needs-request');
    const rules = await callOk(headquarters.core, 'approvals.removeRule', { accountSid: teamSid });
    expect(rules.accounts.find((account) => account.accountSid === teamSid)).toMatchObject({ thresholdMinor: null });
    await syncNow(laptop);
    expect(await callOk(laptop.core, 'approvals.campaign', { campaignId: draft.id })).toMatchObject({ state: 'not-needed', reason: null });
    expect((await launchOf(draft.id)).ok).toBe(true);
  });
});
