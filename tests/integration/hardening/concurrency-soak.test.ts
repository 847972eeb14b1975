import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CallName } from '../../../shared/contract';
import { createLogger } from '../../../electron/core/log';
import { REFERENCE_PREFIX } from '../../../electron/core/outbox/references';
import { createRandom } from '../../support/random';
import { writeAudienceCsv } from '../../bench/gen/audience-csv';
import {
  callOk,
  closedAfterEach,
  FAST_CAMPAIGN_OPTIONS,
  sandboxAcceptances,
  indianMobiles,
  kolkataAudience,
  parentAccount,
  startLaunchCore,
  startLaunchSandbox,
  tempDir,
  waitFor,
  withCoreDatabase,
} from '../launch/support';

/**
 * Everything a user (or several windows) can do at once, at seeded random interleavings, against
 * the real sandbox: imports, launches, draft edits, status pulls, syncs, profile switches, test
 * sends, pauses, resumes and cancels. `SOAK_SEED` replays a run, `SOAK_MS` sets how long it drives.
 */
const SEED = Number(process.env.SOAK_SEED ?? 20261202);
const DRIVE_MS = Number(process.env.SOAK_MS ?? 30_000);
const WORKERS = 4;

const open = closedAfterEach();

interface Outcome {
  op: string;
  code: string | null;
  message?: string;
}

describe('concurrency soak', () => {
  it(
    `seed ${SEED}: no internal error, nobody messaged twice by a campaign, counts equal the sandbox's, money conserved`,
    { timeout: DRIVE_MS + 300_000 },
    async () => {
      const { next: random } = createRandom(SEED);
      const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
      const sandbox = await startLaunchSandbox();
      open.push(sandbox);
      const main = parentAccount(sandbox, 'postpaid');
      const other = parentAccount(sandbox, 'prepaid');
      const dataDir = tempDir('soak-');
      // What the core logs as an error: an INTERNAL answer says "the details are in the log", and a failure shows them.
      const loggedErrors: string[] = [];
      const log = createLogger('soak', (line) => {
        if (line.includes('"level":"error"')) loggedErrors.push(line);
      });
      const core = await startLaunchCore(dataDir, main, FAST_CAMPAIGN_OPTIONS, undefined, log);
      open.push(core);
      // A second profile to switch to (its own account and data).
      await callOk(core, 'profiles.add', { displayName: other.name, baseUrl: other.url, sid: other.sid, apiKey: other.apiKey });
      const profiles = (await callOk(core, 'profiles.list')).map((profile) => profile.id);

      // Ready audiences of distinct Indian numbers, a pool for launches; files for imports.
      const pool = Array.from({ length: 12 }, (_, index) => kolkataAudience(dataDir, indianMobiles(40 + Math.floor(random() * 160), 100_000 + index * 1_000)));
      const files: string[] = [];
      for (let index = 0; index < 3; index++) {
        const file = join(dataDir, `import-${index}.csv`);
        await writeAudienceCsv(file, 1_000 + index * 1_000);
        files.push(file);
      }

      /** Imports still writing, of any profile, as the store says. */
      const importing = () =>
        withCoreDatabase(dataDir, (db) => (db.prepare(`SELECT COUNT(*) AS n FROM audiences WHERE status = 'importing'`).get() as { n: number }).n);
      const outcomes: Outcome[] = [];
      const launched = new Set<string>();
      const drafts: Array<{ id: string; revision: number }> = [];
      const record = async (op: string, name: CallName, payload: unknown) => {
        const result = await core.call(name, payload);
        outcomes.push(result.ok ? { op, code: null } : { op, code: result.error.code, message: result.error.message });
        return result;
      };

      const onLaunched = async (op: string, name: CallName) => {
        const id = pick([...launched]);
        return id === undefined ? undefined : record(op, name, { id });
      };
      const operations: Record<string, () => Promise<unknown>> = {
        import: async () => {
          const file = pick(files);
          // Two at a time at most: a user does not start twenty, and the machine running the soak is shared.
          if (!file || importing() >= 2) return;
          const { id: uploadId } = await core.uploads.register(file);
          const preview = await record('preview', 'audiences.preview', { uploadId });
          if (!preview.ok) return;
          const { suggestedMapping } = preview.value as { suggestedMapping: unknown };
          return record('import', 'audiences.import', { uploadId, name: `Import ${uploadId.slice(0, 6)}`, mapping: suggestedMapping, defaultCountry: 'IN' });
        },
        draft: async () => {
          const audienceId = pick(pool);
          if (!audienceId) return;
          const throttle = random() < 0.3 ? 200 + Math.floor(random() * 400) : null;
          const result = await core.call('campaigns.create', {
            name: `Soak ${drafts.length}`,
            audienceId,
            senderId: 'GLOBEX',
            routeType: 'transactional',
            schedule: { kind: 'now' },
            quietHours: { mode: 'off' },
            throttlePerMinute: throttle,
            variants: [{ language: 'en', body: 'Your order is on its way. Reply STOP to opt out.', isDefault: true }],
          });
          outcomes.push(result.ok ? { op: 'draft', code: null } : { op: 'draft', code: result.error.code, message: result.error.message });
          if (result.ok) drafts.push(result.value as { id: string; revision: number });
        },
        edit: async () => {
          const draft = pick(drafts);
          if (!draft) return;
          const result = await record('edit', 'campaigns.update', {
            id: draft.id,
            revision: draft.revision,
            name: `Soak edited ${Math.floor(random() * 1_000)}`,
          });
          if (result.ok) draft.revision = (result.value as { revision: number }).revision;
        },
        launch: async () => {
          const draft = pick(drafts.filter((candidate) => !launched.has(candidate.id)));
          if (!draft) return;
          const result = await record('launch', 'campaigns.launch', { id: draft.id, revision: draft.revision });
          if (result.ok) launched.add(draft.id);
        },
        statuses: () => record('statuses', 'campaigns.syncStatuses', {}),
        sync: () => record('sync', 'sync.now', {}),
        switch: () => record('switch', 'profiles.activate', { profileId: pick(profiles) }),
        testSend: async () => {
          const draft = pick(drafts);
          if (!draft) return;
          return record('testSend', 'campaigns.testSend', { id: draft.id, phone: `+9198${String(70_000_000 + Math.floor(random() * 1_000_000)).slice(-8)}` });
        },
        pause: () => onLaunched('pause', 'campaigns.pause'),
        resume: () => onLaunched('resume', 'campaigns.resume'),
        cancel: async () => (random() < 0.3 ? onLaunched('cancel', 'campaigns.cancel') : undefined),
        progress: () => onLaunched('progress', 'campaigns.progress'),
      };
      const names = Object.keys(operations);
      // Drafts first, so launches have something to launch from the start.
      for (let index = 0; index < 6; index++) await operations.draft?.();

      const deadline = Date.now() + DRIVE_MS;
      await Promise.all(
        Array.from({ length: WORKERS }, async () => {
          while (Date.now() < deadline) {
            const name = pick(names) ?? 'progress';
            await operations[name]?.();
            await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 40)));
          }
        }),
      );

      // Let everything settle on the main profile: resume what is paused, wait for the outbox and the imports.
      await callOk(core, 'profiles.activate', { profileId: profiles[0] ?? 'sandbox' });
      for (const id of launched) {
        const progress = await callOk(core, 'campaigns.progress', { id });
        if (progress.status === 'paused') await callOk(core, 'campaigns.resume', { id });
      }
      for (const id of launched) {
        await waitFor(
          `campaign ${id} to settle`,
          async () => ((await callOk(core, 'campaigns.progress', { id })).requests.pending === 0 ? true : undefined),
          120_000,
          250,
        );
      }
      await waitFor('imports to finish', () => (importing() === 0 ? true : undefined), 240_000, 500);
      sandbox.advanceClock(10_000);
      await callOk(core, 'campaigns.syncStatuses');

      const tally = new Map<string, number>();
      for (const outcome of outcomes) tally.set(`${outcome.op} ${outcome.code ?? 'ok'}`, (tally.get(`${outcome.op} ${outcome.code ?? 'ok'}`) ?? 0) + 1);
      console.info(`soak seed ${SEED}: ${outcomes.length} calls, ${launched.size} launches —`, Object.fromEntries([...tally].sort()));
      const internal = outcomes.filter((outcome) => outcome.code === 'INTERNAL' || outcome.code === 'VALIDATION_FAILED' || outcome.code === 'UNKNOWN_CALL');
      expect(internal, loggedErrors.join('\n')).toEqual([]);
      // It really did many things, and launched several campaigns.
      expect(outcomes.length).toBeGreaterThan(100);
      expect(launched.size).toBeGreaterThan(2);

      for (const id of launched) {
        // The campaign's own messages (`cd:<id>:…`), not its test sends (`cdtest:<id>:…`).
        const perRecipient = new Map<string, number>();
        for (const message of await sandboxAcceptances(sandbox, main, id)) {
          if (message.reference.startsWith(`${REFERENCE_PREFIX}${id}:`)) perRecipient.set(message.recipient, (perRecipient.get(message.recipient) ?? 0) + 1);
        }
        const twice = [...perRecipient].filter(([, count]) => count > 1);
        expect(twice, `campaign ${id}`).toEqual([]);
        const acceptedHere = withCoreDatabase(
          dataDir,
          (db) =>
            (
              db
                .prepare(`SELECT COALESCE(SUM(recipient_count), 0) AS n FROM outbox WHERE campaign_id = ? AND state IN ('accepted', 'cancel_pending')`)
                .get(id) as { n: number }
            ).n,
        );
        expect(acceptedHere, `campaign ${id}: accepted here vs the sandbox`).toBe(perRecipient.size);
        const progress = await callOk(core, 'campaigns.progress', { id });
        const { totals } = progress;
        expect(totals.sent + totals.delivered + totals.undelivered + totals.notSent + totals.scheduled, `campaign ${id}: reported vs the sandbox`).toBe(
          perRecipient.size,
        );
        expect(totals.reservedMinor, `campaign ${id}: money still reserved after it settled`).toBe(0);
      }
      expect(sandbox.ledgerDiscrepancies()).toEqual([]);
    },
  );
});
