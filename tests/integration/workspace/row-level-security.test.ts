/**
 * Isolation inside the database: each person connects with their own login role and runs
 * hand-written SQL. A sub-account's member reads and writes only that sub-account's rows; a parent
 * manager reads every row of the parent and its sub-accounts but writes only the parent's own;
 * another organisation sees nothing. What is really in the tables is checked with the owner's
 * connection, which row-level security does not filter.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresSkipReason } from '../../support/postgres-cluster';
import { ACME, GLOBEX, NORTH, SOUTH, expectRefusedByPolicy, startWorkspace, type Person, type Workspace } from './support';

/** Each account's own campaign and audience, written by its own people in `beforeAll`. */
interface AccountRows {
  campaignId: string;
  audienceId: string;
}

/**
 * One hand-written INSERT per table, for the :account given in :organisation with that account's
 * :campaign and :audience. Phone numbers come from several countries.
 */
const INSERTS: Record<string, string> = {
  campaigns: `INSERT INTO desk.campaigns (id, organisation_id, account_sid, name, variants, schedule, budget_minor, currency)
              VALUES (:campaign, :organisation, :account, 'Soldes d''été — ' || :account,
                      '[{"language":"fr","body":"Bonjour {prénom}"}]', '{"kind":"local","at":"10:00"}', 250000, 'INR')`,
  plan_summaries: `INSERT INTO desk.plan_summaries (campaign_id, revision, organisation_id, account_sid, recipients, left_out, estimate_minor, currency, waves)
                   VALUES (:campaign, 1, :organisation, :account, 1200, 37, 30000, 'INR', '[{"zone":"Asia/Kolkata","recipients":1200}]')`,
  audiences: `INSERT INTO desk.audiences (id, organisation_id, account_sid, name, row_count, columns)
              VALUES (:audience, :organisation, :account, 'CRM export ' || :account, 3, '["phone","name","pays"]')`,
  audience_rows: `INSERT INTO desk.audience_rows (audience_id, row_number, organisation_id, account_sid, phone_e164, country, zone, fields)
                  VALUES (:audience, 1, :organisation, :account, '+919812345678', 'IN', 'Asia/Kolkata', '{"name":"Anaya"}'),
                         (:audience, 2, :organisation, :account, '+447700900123', 'GB', 'Europe/London', '{"name":"Oliver"}'),
                         (:audience, 3, :organisation, :account, '+971501234567', 'AE', 'Asia/Dubai', '{"name":"فاطمة"}')`,
  suppressions: `INSERT INTO desk.suppressions (id, organisation_id, account_sid, phone_e164, reason, note)
                 VALUES (gen_random_uuid(), :organisation, :account, '+6591234567', 'opted_out', 'STOP reply to ' || :account)`,
  last_messaged: `INSERT INTO desk.last_messaged (organisation_id, account_sid, phone_e164, last_at, campaign_id)
                  VALUES (:organisation, :account, '+14155550123', now() - interval '3 hours', :campaign)`,
  launch_leases: `INSERT INTO desk.launch_leases (campaign_id, organisation_id, account_sid, holder_name, desktop_id, desktop_name, revision, expires_at)
                  VALUES (:campaign, :organisation, :account, 'seed', 'desktop-seed', 'Seed PC', 1, now() + interval '5 minutes')`,
  reservations: `INSERT INTO desk.reservations (id, organisation_id, account_sid, campaign_id, amount_minor, currency, desktop_id)
                 VALUES (gen_random_uuid(), :organisation, :account, :campaign, 30000, 'INR', 'desktop-seed')`,
  activity: `INSERT INTO desk.activity (organisation_id, account_sid, action, subject) VALUES (:organisation, :account, 'campaign.edited', :campaign::text)`,
};
const ACCOUNT_TABLES = Object.keys(INSERTS);
type InsertParams = [account: string, organisation: string, campaign: string, audience: string];
/** Runs a table's INSERT, its :names numbered in order of first use (PostgreSQL refuses unused parameters). */
const insertInto = (client: pg.Client, table: string, [account, organisation, campaign, audience]: InsertParams) => {
  const byName: Record<string, string> = { account, organisation, campaign, audience };
  const names: string[] = [];
  const text = INSERTS[table]!.replace(/:(account|organisation|campaign|audience)\b/g, (_, name: string) => {
    if (!names.includes(name)) names.push(name);
    return `$${names.indexOf(name) + 1}`;
  });
  return client.query(
    text,
    names.map((name) => byName[name]),
  );
};
/** Tables whose rows can be changed after the fact (the activity log is append-only). */
const MUTABLE_TABLES = ACCOUNT_TABLES.filter((table) => table !== 'activity');

const describeWithPostgres = postgresSkipReason ? describe.skip : describe;

describeWithPostgres('row-level security, checked with raw SQL as each member', () => {
  let workspace: Workspace;
  const rowsOf = new Map<string, AccountRows>();
  const sessions = new Map<Person, pg.Client>();
  const as = (person: Person) => sessions.get(person)!;

  beforeAll(async () => {
    workspace = await startWorkspace();
    for (const person of ['priya', 'nils', 'noor', 'sofia', 'gus'] as const) sessions.set(person, await workspace.connect(person));
    // Every account's rows are written by its own people: proof that writing your own rows works.
    const writers: Array<[string, Person]> = [
      [ACME, 'priya'],
      [NORTH, 'nils'],
      [SOUTH, 'sofia'],
    ];
    for (const [account, person] of writers) {
      const rows = { campaignId: randomUUID(), audienceId: randomUUID() };
      rowsOf.set(account, rows);
      for (const table of ACCOUNT_TABLES) await insertInto(as(person), table, [account, ACME, rows.campaignId, rows.audienceId]);
    }
  });

  afterAll(async () => {
    await workspace?.close();
  });

  const accountsSeenBy = async (person: Person, table: string) =>
    (await as(person).query<{ account_sid: string }>(`SELECT DISTINCT account_sid FROM desk.${table} ORDER BY account_sid`)).rows.map((r) => r.account_sid);
  const countAsOwner = async (table: string, account: string) =>
    Number((await workspace.admin.query<{ n: string }>(`SELECT count(*) AS n FROM desk.${table} WHERE account_sid = $1`, [account])).rows[0]!.n);

  it("a sub-account member reads only its own sub-account's rows, in every table", async () => {
    for (const table of ACCOUNT_TABLES) {
      const expected = table === 'suppressions' ? [ACME, NORTH].sort() : [NORTH];
      expect({ table, accounts: await accountsSeenBy('nils', table) }).toEqual({ table, accounts: expected });
      expect({ table, accounts: await accountsSeenBy('sofia', table) }).toEqual({ table, accounts: table === 'suppressions' ? [ACME, SOUTH].sort() : [SOUTH] });
    }
    // Even asked by id, another sub-account's campaign does not exist for them.
    const south = rowsOf.get(SOUTH)!;
    expect((await as('nils').query('SELECT * FROM desk.campaigns WHERE id = $1', [south.campaignId])).rowCount).toBe(0);
    expect((await as('nils').query('SELECT * FROM desk.audience_rows WHERE audience_id = $1', [south.audienceId])).rowCount).toBe(0);
  });

  it('a parent manager reads every row of the parent and all its sub-accounts', async () => {
    for (const table of ACCOUNT_TABLES) {
      expect({ table, accounts: await accountsSeenBy('priya', table) }).toEqual({ table, accounts: [ACME, NORTH, SOUTH].sort() });
    }
    const audienceRows = await as('priya').query<{ n: string }>('SELECT count(*) AS n FROM desk.audience_rows');
    expect(Number(audienceRows.rows[0]!.n)).toBe(9);
  });

  it("another organisation's parent manager reads nothing of this one", async () => {
    for (const table of [...ACCOUNT_TABLES, 'members', 'subaccounts', 'organisations']) {
      const rows = await as('gus').query(`SELECT * FROM desk.${table}`);
      const foreign = rows.rows.filter((row: Record<string, unknown>) => (row.organisation_id ?? row.id) !== GLOBEX);
      expect({ table, foreign }).toEqual({ table, foreign: [] });
    }
  });

  it('a sub-account member cannot insert rows into another sub-account or the parent', async () => {
    const south = rowsOf.get(SOUTH)!;
    for (const table of ACCOUNT_TABLES) {
      const before = await countAsOwner(table, SOUTH);
      // Fresh ids where the table needs unique ones; the other account's campaign and audience otherwise.
      const ids: [string, string] = ['campaigns', 'audiences'].includes(table) ? [randomUUID(), randomUUID()] : [south.campaignId, south.audienceId];
      const message = await expectRefusedByPolicy(insertInto(as('nils'), table, [SOUTH, ACME, ...ids]));
      expect(message).toMatch(/row-level security/);
      expect({ table, after: await countAsOwner(table, SOUTH) }).toEqual({ table, after: before });
    }
    // The parent's own rows (organisation-wide suppressions included) are the parent managers' to write.
    await expectRefusedByPolicy(
      as('nils').query("INSERT INTO desk.suppressions (id, organisation_id, account_sid, phone_e164) VALUES (gen_random_uuid(), $1, $1, '+33612345678')", [
        ACME,
      ]),
    );
    // Nor into another organisation, whatever account it names.
    await expectRefusedByPolicy(
      as('nils').query("INSERT INTO desk.suppressions (id, organisation_id, account_sid, phone_e164) VALUES (gen_random_uuid(), $1, $2, '+33612345678')", [
        GLOBEX,
        NORTH,
      ]),
    );
  });

  it("a sub-account member cannot update or delete another sub-account's rows, nor move its own rows there", async () => {
    for (const table of MUTABLE_TABLES) {
      const before = (await workspace.admin.query(`SELECT * FROM desk.${table} WHERE account_sid = $1 ORDER BY 1, 2`, [SOUTH])).rows;
      const updated = await as('nils').query(`UPDATE desk.${table} SET organisation_id = organisation_id WHERE account_sid = $1`, [SOUTH]);
      expect({ table, updated: updated.rowCount }).toEqual({ table, updated: 0 });
      const deleted = await as('nils').query(`DELETE FROM desk.${table} WHERE account_sid = $1`, [SOUTH]);
      expect({ table, deleted: deleted.rowCount }).toEqual({ table, deleted: 0 });
      // Moving one's own row into another sub-account is a write into it: refused.
      await expectRefusedByPolicy(as('nils').query(`UPDATE desk.${table} SET account_sid = $1 WHERE account_sid = $2`, [SOUTH, NORTH]));
      const after = (await workspace.admin.query(`SELECT * FROM desk.${table} WHERE account_sid = $1 ORDER BY 1, 2`, [SOUTH])).rows;
      expect({ table, after }).toEqual({ table, after: before });
    }
    // Without a WHERE on the account: only their own rows change.
    const renamed = await as('nils').query("UPDATE desk.campaigns SET name = name || ' (edited)', revision = revision + 1");
    expect(renamed.rowCount).toBe(1);
    const names = (await workspace.admin.query<{ account_sid: string; name: string }>('SELECT account_sid, name FROM desk.campaigns ORDER BY account_sid'))
      .rows;
    expect(names.filter((row) => row.name.endsWith('(edited)')).map((row) => row.account_sid)).toEqual([NORTH]);
  });

  it("a parent manager cannot change or delete a sub-account's rows, nor write rows in its name", async () => {
    const north = rowsOf.get(NORTH)!;
    for (const table of MUTABLE_TABLES) {
      const before = await countAsOwner(table, NORTH);
      expect((await as('priya').query(`UPDATE desk.${table} SET organisation_id = organisation_id WHERE account_sid = $1`, [NORTH])).rowCount).toBe(0);
      expect((await as('priya').query(`DELETE FROM desk.${table} WHERE account_sid = $1`, [NORTH])).rowCount).toBe(0);
      const ids: [string, string] = ['campaigns', 'audiences'].includes(table) ? [randomUUID(), randomUUID()] : [north.campaignId, north.audienceId];
      await expectRefusedByPolicy(insertInto(as('priya'), table, [NORTH, ACME, ...ids]));
      expect({ table, after: await countAsOwner(table, NORTH) }).toEqual({ table, after: before });
    }
  });

  it('organisation-wide suppressions protect every sub-account and only parent managers change them', async () => {
    await as('priya').query(
      'INSERT INTO desk.suppressions (id, organisation_id, account_sid, phone_e164, reason) ' +
        "VALUES (gen_random_uuid(), $1, $1, '+34612345678', 'do_not_contact')",
      [ACME],
    );
    for (const person of ['nils', 'sofia'] as const) {
      const seen = await as(person).query("SELECT phone_e164 FROM desk.suppressions WHERE account_sid = $1 AND phone_e164 = '+34612345678'", [ACME]);
      expect(seen.rowCount).toBe(1);
      expect((await as(person).query('UPDATE desk.suppressions SET deleted = true WHERE account_sid = $1', [ACME])).rowCount).toBe(0);
      expect((await as(person).query('DELETE FROM desk.suppressions WHERE account_sid = $1', [ACME])).rowCount).toBe(0);
    }
    expect(await countAsOwner('suppressions', ACME)).toBe(2);
    expect((await as('gus').query("SELECT 1 FROM desk.suppressions WHERE phone_e164 = '+34612345678'")).rowCount).toBe(0);
  });

  it('approvals: the sub-account requests for its own campaigns, only a parent manager of the organisation decides', async () => {
    const north = rowsOf.get(NORTH)!;
    const south = rowsOf.get(SOUTH)!;
    await as('nils').query('INSERT INTO desk.approvals (campaign_id, revision, organisation_id, account_sid, estimate_minor) VALUES ($1, 2, $2, $3, 480000)', [
      north.campaignId,
      ACME,
      NORTH,
    ]);
    // Requesting for another sub-account's campaign, or requesting an approval already granted: refused.
    await expectRefusedByPolicy(
      as('nils').query('INSERT INTO desk.approvals (campaign_id, revision, organisation_id, account_sid, estimate_minor) VALUES ($1, 1, $2, $3, 10)', [
        south.campaignId,
        ACME,
        SOUTH,
      ]),
    );
    await expectRefusedByPolicy(
      as('nils').query(
        'INSERT INTO desk.approvals (campaign_id, revision, organisation_id, account_sid, estimate_minor, status, decided_by) ' +
          "VALUES ($1, 3, $2, $3, 10, 'approved', 'nils_north')",
        [north.campaignId, ACME, NORTH],
      ),
    );
    // The team cannot approve itself; the other sub-account does not even see the request.
    expect((await as('nils').query("UPDATE desk.approvals SET status = 'approved', decided_by = session_user, decided_at = now()")).rowCount).toBe(0);
    expect((await as('sofia').query('SELECT * FROM desk.approvals')).rowCount).toBe(0);
    expect((await as('gus').query("UPDATE desk.approvals SET status = 'approved', decided_by = session_user")).rowCount).toBe(0);
    // A decision changes the decision only, never the approved revision or estimate.
    await expect(as('priya').query('UPDATE desk.approvals SET estimate_minor = 1 WHERE campaign_id = $1', [north.campaignId])).rejects.toThrow(
      /permission denied/,
    );
    const decided = await as('priya').query(
      "UPDATE desk.approvals SET status = 'approved', decided_by = session_user, decided_at = now() WHERE campaign_id = $1 AND revision = 2",
      [north.campaignId],
    );
    expect(decided.rowCount).toBe(1);
    const seenByTeam = await as('noor').query<{ status: string; decided_by: string }>('SELECT status, decided_by FROM desk.approvals WHERE campaign_id = $1', [
      north.campaignId,
    ]);
    expect(seenByTeam.rows).toEqual([{ status: 'approved', decided_by: 'priya_parent' }]);
    // Approval rules: set by the parent manager for a sub-account, read by that sub-account only.
    await as('priya').query("INSERT INTO desk.approval_rules (organisation_id, account_sid, threshold_minor, currency) VALUES ($1, $2, 100000, 'INR')", [
      ACME,
      NORTH,
    ]);
    await expectRefusedByPolicy(
      as('nils').query("INSERT INTO desk.approval_rules (organisation_id, account_sid, threshold_minor, currency) VALUES ($1, $2, 0, 'INR')", [ACME, SOUTH]),
    );
    expect((await as('nils').query('DELETE FROM desk.approval_rules')).rowCount).toBe(0);
    expect((await as('nils').query('SELECT * FROM desk.approval_rules')).rowCount).toBe(1);
    expect((await as('sofia').query('SELECT * FROM desk.approval_rules')).rowCount).toBe(0);
  });

  it('the activity log is append-only and signed by the writer', async () => {
    // Not even one's own entries can be rewritten or removed.
    await expect(as('nils').query("UPDATE desk.activity SET action = 'forged' WHERE account_sid = $1", [NORTH])).rejects.toThrow(/permission denied/);
    await expect(as('priya').query('DELETE FROM desk.activity')).rejects.toThrow(/permission denied/);
    expect(await countAsOwner('activity', NORTH)).toBe(1);
    await expectRefusedByPolicy(
      as('nils').query("INSERT INTO desk.activity (organisation_id, account_sid, actor, action) VALUES ($1, $2, 'noor_north', 'campaign.launched')", [
        ACME,
        NORTH,
      ]),
    );
  });

  it('members see their own team, parent managers the whole organisation, nobody the login of another sub-account', async () => {
    const roles = async (person: Person) =>
      (await as(person).query<{ role_name: string }>('SELECT role_name FROM desk.members ORDER BY role_name')).rows.map((r) => r.role_name);
    expect(await roles('nils')).toEqual(['nils_north', 'noor_north']);
    expect(await roles('sofia')).toEqual(['sofia_south']);
    expect(await roles('priya')).toEqual(['nils_north', 'noor_north', 'priya_parent', 'sofia_south']);
    await expect(
      as('priya').query(
        "INSERT INTO desk.members (role_name, organisation_id, kind, account_sid, display_name) VALUES ('x_x_x', $1, 'parent_manager', $1, 'X')",
        [ACME],
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(
      as('nils').query("UPDATE desk.members SET kind = 'parent_manager', account_sid = organisation_id WHERE role_name = 'nils_north'"),
    ).rejects.toThrow(/permission denied/);
  });

  it('API keys never enter the workspace: no column can hold a key, secret, token or password', async () => {
    const columns = await workspace.admin.query<{ table_name: string; column_name: string }>(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'desk' ORDER BY 1, 2",
    );
    expect(columns.rowCount).toBeGreaterThan(50);
    const suspicious = columns.rows.filter((row) => /api|key|secret|token|password|credential|auth/i.test(row.column_name));
    expect(suspicious).toEqual([]);
  });
});
