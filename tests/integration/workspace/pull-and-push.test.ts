/**
 * Pulls from a snapshot watermark never miss a row committed out of order; pushes carry an
 * optimistic revision check and return conflicts instead of overwriting; LISTEN/NOTIFY wakes an
 * online desktop when another commits. Suppressions are the entity (the simplest shared one).
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenForChanges } from '../../../electron/core/workspace/change-listener';
import { INITIAL_WATERMARK } from '../../../electron/core/workspace/change-window';
import { pullSuppressions, pushSuppression } from '../../../electron/core/workspace/workspace-suppressions';
import { postgresSkipReason } from '../../support/postgres-cluster';
import { ACME, NORTH, SOUTH, startWorkspace, type Workspace } from './support';

const describeWithPostgres = postgresSkipReason ? describe.skip : describe;

const addNorth = (client: pg.Client, phoneE164: string, note = '') =>
  client.query("INSERT INTO desk.suppressions (id, organisation_id, account_sid, phone_e164, reason, note) VALUES ($1, $2, $3, $4, 'opted_out', $5)", [
    randomUUID(),
    ACME,
    NORTH,
    phoneE164,
    note,
  ]);

describeWithPostgres('workspace sync primitives: snapshot-watermark pulls, revision-checked pushes, wake-ups', () => {
  let workspace: Workspace;

  beforeAll(async () => {
    workspace = await startWorkspace();
  });
  afterAll(async () => {
    await workspace?.close();
  });

  it('a row whose transaction took a lower id but committed later is never skipped', async () => {
    const [slowWriter, fastWriter, puller] = await Promise.all([workspace.connect('nils'), workspace.connect('noor'), workspace.connect('priya')]);
    let watermark = (await pullSuppressions(puller, INITIAL_WATERMARK)).watermark;

    // The slow transaction writes first (lower transaction id) and commits last.
    await slowWriter.query('BEGIN');
    await addNorth(slowWriter, '+919876500001', 'slow');
    await fastWriter.query('BEGIN');
    await addNorth(fastWriter, '+447700900002', 'fast');
    await fastWriter.query('COMMIT');

    const first = await pullSuppressions(puller, watermark);
    // The fast row is committed but lies above the watermark while the slow one is open: held back, not lost.
    expect(first.rows.map((row) => row.note)).toEqual([]);
    // A cursor on the largest id committed so far would already be past the slow transaction.
    const naiveCursor = (await workspace.admin.query<{ max: string }>("SELECT max(change_xid)::text AS max FROM desk.suppressions WHERE note = 'fast'"))
      .rows[0]!.max;
    const slowXid = (await slowWriter.query<{ xid: string }>('SELECT pg_current_xact_id()::text AS xid')).rows[0]!.xid;
    expect(BigInt(slowXid)).toBeLessThan(BigInt(naiveCursor));
    watermark = first.watermark;

    await slowWriter.query('COMMIT');
    const second = await pullSuppressions(puller, watermark);
    expect(second.rows.map((row) => row.note).sort()).toEqual(['fast', 'slow']);
    expect(BigInt(second.watermark)).toBeGreaterThan(BigInt(watermark));
    // Nothing comes twice: the next window is empty.
    expect((await pullSuppressions(puller, second.watermark)).rows).toEqual([]);
  });

  it('many writers committing in random order: every committed row is pulled exactly once, aborted ones never', async () => {
    const writers = await Promise.all(['nils', 'noor', 'nils', 'noor', 'nils', 'noor'].map((person) => workspace.connect(person as 'nils' | 'noor')));
    const puller = await workspace.connect('priya');
    let watermark = (await pullSuppressions(puller, INITIAL_WATERMARK)).watermark;
    const pulled = new Map<string, number>();
    const committed = new Set<string>();
    let writing = true;

    const pulling = (async () => {
      for (;;) {
        const stillWriting = writing;
        const window = await pullSuppressions(puller, watermark);
        for (const row of window.rows) pulled.set(row.phoneE164, (pulled.get(row.phoneE164) ?? 0) + 1);
        watermark = window.watermark;
        if (!stillWriting) return;
      }
    })();
    // Each writer holds its transaction open for a different number of others' commits.
    await Promise.all(
      writers.map(async (writer, index) => {
        for (let round = 0; round < 12; round += 1) {
          const phone = `+3361${String(index).padStart(2, '0')}${String(round).padStart(5, '0')}`;
          await writer.query('BEGIN');
          await addNorth(writer, phone, `w${index}r${round}`);
          for (let pause = 0; pause < (index * 7 + round) % 4; pause += 1) await writer.query('SELECT pg_sleep(0.005)');
          const abort = (index + round) % 5 === 0;
          await writer.query(abort ? 'ROLLBACK' : 'COMMIT');
          if (!abort) committed.add(phone);
        }
      }),
    );
    writing = false;
    await pulling;
    // One last window after every writer finished.
    for (const row of (await pullSuppressions(puller, watermark)).rows) pulled.set(row.phoneE164, (pulled.get(row.phoneE164) ?? 0) + 1);

    expect(committed.size).toBeGreaterThan(50);
    expect([...pulled.keys()].filter((phone) => phone.startsWith('+3361')).sort()).toEqual([...committed].sort());
    expect([...pulled.values()].every((times) => times === 1)).toBe(true);
  });

  it('pushes with a revision check: a concurrent edit comes back as a conflict with both versions, nothing overwritten', async () => {
    const [onLaptop, onOffice] = await Promise.all([workspace.connect('nils'), workspace.connect('noor')]);
    const id = randomUUID();
    const add = {
      kind: 'add' as const,
      id,
      organisationId: ACME,
      accountSid: NORTH,
      phoneE164: '+971501112233',
      reason: 'do_not_contact',
      note: 'Asked by phone',
    };
    expect(await pushSuppression(onLaptop, add)).toEqual({ kind: 'applied', revision: 1 });
    // The same number added again elsewhere: already suppressed, which is what both wanted.
    expect(await pushSuppression(onOffice, { ...add, id: randomUUID(), note: 'dup' })).toMatchObject({
      kind: 'already-suppressed',
      theirs: { id, revision: 1, note: 'Asked by phone' },
    });

    // Both desktops saw revision 1 and edit offline; the office PC pushes first.
    expect(await pushSuppression(onOffice, { kind: 'edit', id, baseRevision: 1, reason: 'do_not_contact', note: 'Complaint — never contact again' })).toEqual({
      kind: 'applied',
      revision: 2,
    });
    const late = await pushSuppression(onLaptop, { kind: 'edit', id, baseRevision: 1, reason: 'opted_out', note: 'STOP by SMS' });
    expect(late).toMatchObject({ kind: 'conflict', theirs: { revision: 2, note: 'Complaint — never contact again', updatedBy: 'noor_north' } });
    const stored = (await workspace.admin.query('SELECT note, reason, revision FROM desk.suppressions WHERE id = $1', [id])).rows[0];
    expect(stored).toEqual({ note: 'Complaint — never contact again', reason: 'do_not_contact', revision: 2 });

    // After seeing the conflict the person chooses; a removal on the current revision goes through.
    expect(await pushSuppression(onLaptop, { kind: 'remove', id, baseRevision: 2 })).toEqual({ kind: 'applied', revision: 3 });
    expect(await pushSuppression(onOffice, { kind: 'edit', id, baseRevision: 2, reason: 'x', note: 'y' })).toMatchObject({
      kind: 'conflict',
      theirs: { deleted: true, revision: 3 },
    });
    // Adding it back revives the row with a new revision.
    expect(await pushSuppression(onOffice, { ...add, id: randomUUID(), note: 'Back on the list' })).toEqual({ kind: 'applied', revision: 4 });
    // Another sub-account's rows cannot be pushed to, nor seen to conflict with.
    const sofia = await workspace.connect('sofia');
    expect(await pushSuppression(sofia, { kind: 'remove', id, baseRevision: 4 })).toEqual({ kind: 'not-found' });
    await expect(pushSuppression(sofia, { ...add, id: randomUUID(), accountSid: NORTH })).rejects.toThrow(/row-level security/);
    expect((await pushSuppression(sofia, { ...add, id: randomUUID(), accountSid: SOUTH })).kind).toBe('applied');
  });

  it('LISTEN/NOTIFY wakes an online desktop when another commits, and the pull that follows brings the row', async () => {
    const [listening, puller, writer] = await Promise.all([workspace.connect('priya'), workspace.connect('priya'), workspace.connect('sofia')]);
    const watermark = (await pullSuppressions(puller, INITIAL_WATERMARK)).watermark;
    const woken: string[] = [];
    let wake: (() => void) | undefined;
    const wokenUp = new Promise<void>((resolve) => (wake = resolve));
    const stop = await listenForChanges(listening, (table) => {
      woken.push(table);
      wake?.();
    });

    await writer.query('BEGIN');
    await writer.query("INSERT INTO desk.suppressions (id, organisation_id, account_sid, phone_e164, note) VALUES ($1, $2, $3, '+6598765432', 'wake up')", [
      randomUUID(),
      ACME,
      SOUTH,
    ]);
    // Nothing is announced before the commit: a round trip on the listening connection delivers any pending notification.
    await listening.query('SELECT 1');
    expect(woken).toEqual([]);
    await writer.query('COMMIT');
    await wokenUp;
    expect(woken).toContain('suppressions');
    const window = await pullSuppressions(puller, watermark);
    expect(window.rows.map((row) => row.note)).toContain('wake up');
    await stop();
  });
});
