import { describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../../electron/core/store/database';
import { migrations } from '../../../electron/core/store/migrations';
import { ProfilesRepository } from '../../../electron/core/store/profiles-repository';
import { WorkspaceLaunchLeasesRepository } from '../../../electron/core/store/workspace-launch-leases-repository';
import { LAUNCH_ENDINGS } from '../../../shared/launch-endings';

const migration = migrations.find((entry) => entry.name.startsWith('team workspace launch leases this desktop holds'));

describe('migration: team workspace launch leases this desktop holds', () => {
  it('keeps each held lease and how its launch ended until the workspace is told, and goes with its profile', () => {
    if (!migration) throw new Error('the migration is missing');
    const db = openDatabase(
      ':memory:',
      migrations.filter((entry) => entry.version < migration.version),
    );
    db.prepare(
      'INSERT INTO profiles (id, display_name, kind, base_url, sid, role, created_at_ms) ' +
        "VALUES ('north', 'Kaleyra · North', 'kaleyra', 'https://api.in.kaleyra.io', 'HXIN1_1', 'subaccount', 1767225600000)",
    ).run();
    migrate(db);
    // The CHECK lists exactly the shared value set.
    const { sql } = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'workspace_launch_leases'").get() as { sql: string };
    const checked = /ending\s+TEXT CHECK \(ending IN \(([^)]*)\)\)/.exec(sql)?.[1] ?? '';
    expect([...checked.matchAll(/'([^']*)'/g)].map((match) => match[1])).toEqual([...LAUNCH_ENDINGS]);
    const leases = new WorkspaceLaunchLeasesRepository(db);
    leases.taken({ campaignId: 'c-diwali', profileId: 'north' }, 1_000);
    leases.taken({ campaignId: 'c-eid', profileId: 'north' }, 2_000);
    leases.renewed('c-diwali', 31_000);
    leases.ended('c-eid', 'cancelled');
    expect(leases.all()).toEqual([
      { campaignId: 'c-diwali', profileId: 'north', takenAtMs: 1_000, renewedAtMs: 31_000, ending: null },
      { campaignId: 'c-eid', profileId: 'north', takenAtMs: 2_000, renewedAtMs: 2_000, ending: 'cancelled' },
    ]);
    // Taken again (a relaunch after an undone launch), the row starts over.
    leases.taken({ campaignId: 'c-eid', profileId: 'north' }, 5_000);
    expect(leases.all()[1]).toEqual({ campaignId: 'c-eid', profileId: 'north', takenAtMs: 5_000, renewedAtMs: 5_000, ending: null });
    expect(() => db.prepare("UPDATE workspace_launch_leases SET ending = 'exploded' WHERE campaign_id = 'c-eid'").run()).toThrow();
    leases.forget('c-eid');
    expect(leases.all().map((lease) => lease.campaignId)).toEqual(['c-diwali']);
    new ProfilesRepository(db).delete('north');
    expect(leases.all()).toEqual([]);
    db.close();
  });
});
