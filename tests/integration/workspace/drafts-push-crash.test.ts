/**
 * SIGKILL while a desktop pushes its drafts to the team workspace. The AcmeNorth laptop writes a
 * few hundred drafts offline (several languages and scripts, long texts, DLT template ids), comes
 * back, and is killed three times part-way through pushing them, wherever the push happens to be:
 * between one draft's commit in the workspace and its record in the local store included. The
 * store stays sound, and once the desktop syncs again the workspace holds every draft exactly
 * once, as written, at its first revision, and the desktop raises no conflict against itself.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/profiles-service';
import { callOk, startTestCore, tempDir } from '../app/support';
import { runScript } from '../launch/child/run-child';
import { waitFor, withCoreDatabase } from '../launch/support';
import { storeIntegrity } from '../hardening/store-integrity';
import { postgresSkipReason } from '../../support/postgres-cluster';
import { sharedFieldsOf, teamDrafts, type GeneratedDraft } from '../../support/team-drafts';
import { startSandboxOrganisation, type SandboxOrganisation } from './support';

const describeWithPostgres = postgresSkipReason ? describe.skip : describe;
const CHILD = fileURLToPath(new URL('./child/workspace-sync-child.ts', import.meta.url));
const DRAFTS = 400;
/** The push is killed once the workspace holds this many of the drafts: early, midway and late. */
const KILL_AT = [30, 150, 270];

describeWithPostgres('SIGKILL during a workspace drafts push', () => {
  let organisation: SandboxOrganisation;

  beforeAll(async () => {
    organisation = await startSandboxOrganisation('acme_push_crash');
  });
  afterAll(async () => {
    await organisation?.close();
  });

  it('keeps the store sound, and the workspace ends with every draft once, as written, without a conflict', { timeout: 240_000 }, async () => {
    const { sandbox, workspace } = organisation;
    const { admin } = workspace;
    const account = { url: sandbox.url, ...organisation.accountOf('nils') };
    const dataDir = tempDir('desk-push-crash-');
    await workspace.addMember(organisation.memberOf('nils'));

    // Joined, then offline (login refused, connections cut) while the drafts are written.
    const writer = await startTestCore(dataDir, account);
    await workspace.join(writer, 'nils_north');
    await admin.query('ALTER ROLE nils_north NOLOGIN');
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'nils_north'");
    const written = new Map<string, GeneratedDraft>();
    for (const draft of teamDrafts(DRAFTS, { seed: 20261202, label: 'Crash' })) {
      written.set((await callOk(writer, 'campaigns.create', draft)).id, draft);
    }
    writer.close();
    await admin.query('ALTER ROLE nils_north LOGIN');

    const inWorkspace = async () =>
      Number((await admin.query<{ n: string }>('SELECT count(*)::text AS n FROM desk.campaigns WHERE account_sid = $1', [account.sid])).rows[0]!.n);
    const killedAt: number[] = [];
    const unrecorded: number[] = [];
    for (const threshold of KILL_AT) {
      const child = runScript(CHILD, { dataDir, account });
      // Started, the core follows the workspace and pushes at once: the kill comes once the workspace holds `threshold` drafts.
      await waitFor('the push to reach the threshold', async () => (await inWorkspace()) >= threshold || undefined, 60_000, 2);
      await child.kill();
      killedAt.push(await inWorkspace());
      expect(storeIntegrity(dataDir)).toBe('ok');
      // Drafts the workspace committed but the killed desktop had not recorded yet: the next round must not take them for a teammate's.
      const recorded = withCoreDatabase(dataDir, (db) => db.prepare('SELECT count(*) AS n FROM workspace_campaigns WHERE base_revision IS NOT NULL').get()) as {
        n: number;
      };
      unrecorded.push(killedAt.at(-1)! - recorded.n);
    }
    // At least one kill landed while drafts were still waiting to be pushed.
    expect(killedAt.some((count) => count < DRAFTS)).toBe(true);

    const finisher = runScript(CHILD, { dataDir, account });
    await finisher.until((event) => event['event'] === 'synced');
    expect(await finisher.exited).toBe(0);
    expect(storeIntegrity(dataDir)).toBe('ok');

    // The workspace: each draft once, as written, at its first revision (a push repeated after a kill is not an edit).
    const rows = (
      await admin.query<{ id: string; name: string; variants: unknown; revision: number; status: string }>(
        'SELECT id, name, variants, revision, status FROM desk.campaigns WHERE account_sid = $1',
        [account.sid],
      )
    ).rows;
    expect(rows.map((row) => row.id).sort()).toEqual([...written.keys()].sort());
    for (const row of rows) {
      const draft = written.get(row.id)!;
      expect({ id: row.id, name: row.name, variants: row.variants, revision: row.revision, status: row.status }).toEqual({
        id: row.id,
        name: draft.name,
        variants: draft.variants,
        revision: 1,
        status: 'draft',
      });
    }

    // The desktop: its drafts as written, each recorded as synced at that revision, and no conflict.
    const desktop = await startTestCore(dataDir, account);
    try {
      await callOk(desktop, 'workspace.syncNow', { profileId: SANDBOX_PROFILE_ID });
      expect(await callOk(desktop, 'workspace.status', { profileId: SANDBOX_PROFILE_ID, check: false })).toMatchObject({ conflicts: 0 });
      for (const [id, draft] of written) {
        expect(sharedFieldsOf(await callOk(desktop, 'campaigns.get', { id }))).toEqual(sharedFieldsOf(draft));
        expect((await callOk(desktop, 'workspaceCampaigns.get', { id })).state).toMatchObject({ conflict: false, pendingPush: false });
      }
    } finally {
      desktop.close();
    }
    expect(withCoreDatabase(dataDir, (db) => db.prepare('SELECT count(*) AS n FROM workspace_conflicts').get())).toEqual({ n: 0 });
    console.info(
      `drafts in the workspace at each kill: ${killedAt.join(', ')} of ${DRAFTS}; committed there but not yet recorded here: ${unrecorded.join(', ')}`,
    );
  });
});
