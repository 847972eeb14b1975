import { describe, expect, it } from 'vitest';
import { NEW_DRAFT } from '../../../electron/core/campaigns/campaign-drafts';
import type { CampaignDraft } from '../../../electron/core/store/campaigns-repository';
import { WorkspaceCampaignsRepository, type PulledCampaign } from '../../../electron/core/store/workspace-campaigns-repository';
import { openCampaignStore } from './campaign-store-fixture';

const NORTH = 'ACME_NORTH01';
const NOW = '2026-12-02T06:00:00.000Z';
const ID = '6f1d2c3b-8a4e-4f5a-9b6c-7d8e9f0a1b2c';

const draft = (name: string, body: string): CampaignDraft => ({
  ...NEW_DRAFT,
  name,
  variants: [
    { language: 'hi', body, isDefault: true, dltTemplateId: '1107161234567890123', dltSend: 'text' },
    { language: 'en', body: `${body} (English)`, isDefault: false },
  ],
  budgetMinor: 250_000,
});

const pulled = (revision: number, content: CampaignDraft, extra: Partial<PulledCampaign['shared']> = {}): PulledCampaign => ({
  shared: {
    campaignId: ID,
    accountSid: NORTH,
    accountName: 'AcmeNorth',
    status: 'draft',
    revision,
    updatedByName: 'Noor Haddad',
    updatedAtMs: Date.parse(NOW),
    launchedByName: null,
    launchedAtMs: null,
    ...extra,
  },
  draft: content,
  version: {
    name: content.name,
    variants: content.variants,
    settings: {},
    budgetMinor: content.budgetMinor,
    currency: null,
    status: extra.status ?? 'draft',
    revision,
    updatedByName: 'Noor Haddad',
    updatedAt: NOW,
  },
});

function store() {
  const { campaigns, db } = openCampaignStore({ sid: 'ACME_PARENT01', createdAt: NOW });
  const shared = new WorkspaceCampaignsRepository(db, campaigns);
  const pushed = (revision: number) =>
    shared.recordPushed('p1', {
      campaignId: ID,
      accountSid: NORTH,
      accountName: 'AcmeNorth',
      baseRevision: revision,
      syncedLocalRevision: campaigns.get('p1', ID)!.revision,
      status: 'draft',
      updatedByName: 'Nils Åberg',
      updatedAtMs: Date.parse(NOW),
      launchedByName: null,
      launchedAtMs: null,
    });
  return { campaigns, shared, pushed };
}

describe('workspace campaigns repository', () => {
  it('a draft waits to be pushed from its creation and after every local save, not after its push', () => {
    const { campaigns, shared, pushed } = store();
    campaigns.create({ id: ID, profileId: 'p1', ...draft('दिवाली ऑफ़र', 'नमस्ते, 40% छूट') }, NOW);
    expect(shared.toPush('p1', NORTH).map((entry) => entry.campaign.id)).toEqual([ID]);
    pushed(1);
    expect(shared.toPush('p1', NORTH)).toEqual([]);
    expect(campaigns.save('p1', ID, 1, draft('दिवाली ऑफ़र — v2', 'नमस्ते, 50% छूट'), NOW)).toBe('saved');
    expect(shared.toPush('p1', NORTH)).toEqual([
      { campaign: expect.objectContaining({ id: ID, revision: 2 }), shared: expect.objectContaining({ baseRevision: 1 }) },
    ]);
    expect(shared.all('p1')).toEqual([expect.objectContaining({ campaignId: ID, pendingPush: true })]);
  });

  it("a pulled version replaces a draft not changed here (keeping this desktop's no-price choices), never one with a change not pushed yet", () => {
    const { campaigns, shared, pushed } = store();
    campaigns.create({ id: ID, profileId: 'p1', ...draft('Ramadan', 'مرحباً'), noPriceChoices: { AE: { action: 'leave-out' } } }, NOW);
    pushed(1);
    expect(shared.applyPulled('p1', [pulled(2, draft('Ramadan — Noor', 'عروض رمضان'))], '100', NOW)).toEqual([ID]);
    expect(campaigns.get('p1', ID)).toMatchObject({ name: 'Ramadan — Noor', noPriceChoices: { AE: { action: 'leave-out' } }, budgetMinor: 250_000 });
    expect(shared.toPush('p1', NORTH)).toEqual([]);
    expect(shared.watermark('p1')).toBe('100');

    const revision = campaigns.get('p1', ID)!.revision;
    campaigns.save('p1', ID, revision, draft('Ramadan — mine', 'نسختي'), NOW);
    expect(shared.applyPulled('p1', [pulled(3, draft('Ramadan — theirs', 'نسختهم'))], '120', NOW)).toEqual([]);
    expect(campaigns.get('p1', ID)!.name).toBe('Ramadan — mine');
    // Its push still names the revision it was edited from, so it will meet revision 3 as a conflict.
    expect(shared.toPush('p1', NORTH)[0]?.shared?.baseRevision).toBe(2);
  });

  it('a conflict holds the push until the person chooses; keep mine pushes on top of theirs, take theirs replaces the draft', () => {
    const { campaigns, shared, pushed } = store();
    campaigns.create({ id: ID, profileId: 'p1', ...draft('Pongal', 'mine') }, NOW);
    pushed(1);
    campaigns.save('p1', ID, 1, draft('Pongal — mine', 'mine'), NOW);
    const theirs = pulled(2, draft('Pongal — theirs', 'theirs'));
    shared.recordConflict('p1', ID, { mine: { ...theirs.version, name: 'Pongal — mine', revision: 1 }, theirs: { ...theirs.version, accountSid: NORTH } }, NOW);
    expect(shared.toPush('p1', NORTH)).toEqual([]);
    expect(shared.conflictIds('p1')).toEqual(new Set([ID]));
    // A newer version pulled meanwhile becomes "theirs"; the draft stays mine.
    shared.applyPulled('p1', [pulled(3, draft('Pongal — theirs v3', 'theirs'))], '130', NOW);
    expect(shared.conflict('p1', ID)?.theirs).toMatchObject({ name: 'Pongal — theirs v3', revision: 3 });
    expect(campaigns.get('p1', ID)!.name).toBe('Pongal — mine');

    shared.keepMine('p1', ID, 3);
    expect(shared.conflict('p1', ID)).toBeUndefined();
    expect(shared.toPush('p1', NORTH)[0]?.shared?.baseRevision).toBe(3);

    shared.recordConflict('p1', ID, { mine: { ...theirs.version, revision: 3 }, theirs: { ...theirs.version, revision: 4, accountSid: NORTH } }, NOW);
    shared.takeTheirs('p1', ID, pulled(4, draft('Pongal — theirs v4', 'theirs v4')), NOW);
    expect(campaigns.get('p1', ID)).toMatchObject({ name: 'Pongal — theirs v4', variants: draft('', 'theirs v4').variants });
    expect(shared.toPush('p1', NORTH)).toEqual([]);
    expect(shared.shared('p1', ID)).toMatchObject({ baseRevision: 4 });

    // Theirs is a deletion: taking it deletes the draft here too.
    campaigns.save('p1', ID, campaigns.get('p1', ID)!.revision, draft('Pongal — edited after', 'x'), NOW);
    shared.recordConflict(
      'p1',
      ID,
      { mine: { ...theirs.version, revision: 4 }, theirs: { ...theirs.version, status: 'cancelled', revision: 5, accountSid: NORTH } },
      NOW,
    );
    shared.takeTheirs('p1', ID, pulled(5, draft('Pongal', 'x'), { status: 'cancelled' }), NOW);
    expect(campaigns.get('p1', ID)).toBeUndefined();
    expect(shared.conflictIds('p1').size).toBe(0);
  });

  it('a finished or cancelled launch is pushed again for its status; a deleted draft leaves, a cancelled launch stays as history', () => {
    const { campaigns, shared, pushed } = store();
    campaigns.create({ id: ID, profileId: 'p1', ...draft('Flash sale', 'aaj hi') }, NOW);
    pushed(1);
    expect(campaigns.markLaunched(ID, 1, { status: 'running', accountSid: NORTH, currency: 'INR' }, Date.parse(NOW))).toBe(true);
    expect(shared.toPush('p1', NORTH)).toHaveLength(1);
    shared.recordPushed('p1', { ...shared.shared('p1', ID)!, status: 'launched', syncedLocalRevision: 2, launchedByName: 'Nils Åberg' });
    expect(shared.toPush('p1', NORTH)).toEqual([]);
    campaigns.setStatus(ID, 'completed', null, NOW);
    expect(shared.toPush('p1', NORTH)).toHaveLength(1);

    const other = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
    const teammate = (revision: number, extra: Partial<PulledCampaign['shared']> = {}) => {
      const entry = pulled(revision, draft('Teammate', 'x'), extra);
      return { ...entry, shared: { ...entry.shared, campaignId: other } };
    };
    shared.applyPulled('p1', [teammate(1)], '1', NOW);
    expect(campaigns.get('p1', other)).toBeDefined();
    shared.applyPulled('p1', [teammate(2, { status: 'cancelled', launchedByName: 'Noor Haddad' })], '2', NOW);
    expect(campaigns.get('p1', other)).toBeDefined();
    shared.applyPulled('p1', [teammate(3, { status: 'cancelled' })], '3', NOW);
    expect(campaigns.get('p1', other)).toBeUndefined();
  });
});
