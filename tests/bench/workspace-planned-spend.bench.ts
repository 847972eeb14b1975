/**
 * The parent's Spend screen at 10,000 sub-accounts, each with a draft planned on a team's desktop:
 * `npx tsx tests/bench/workspace-planned-spend.bench.ts`.
 *
 * A real core on a real SQLite file whose parent profile has 10,000 sub-accounts cached (as a sync
 * leaves them) and has joined a team workspace; its local store holds one pulled plan summary per
 * sub-account (as the workspace sync leaves them). No API is reachable, so every call answers from
 * the local store, as Spend does. Times the screen's calls through the core's door (`spend.overview`,
 * one `spend.accounts` window sorted by planned, the whole `spend.summary` that Export CSV reads),
 * side by side with the same calls before the plans are pulled (the #20 figures' situation).
 *
 * BENCH_SCALE (default 1) scales the sub-accounts; BENCH_RUNS (default 5) the calls timed each.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CallName, CallOutput } from '../../shared/contract';
import { DATABASE_FILE, type Core } from '../../electron/core/core';
import { SANDBOX_PROFILE_ID } from '../../electron/core/profiles/profiles-service';
import { openDatabase } from '../../electron/core/store/database';
import { SubaccountsRepository } from '../../electron/core/store/subaccounts-repository';
import { WorkspaceMembershipsRepository } from '../../electron/core/store/workspace-memberships-repository';
import { WorkspacePlanSummariesRepository, type PulledPlanSummary } from '../../electron/core/store/workspace-plan-summaries-repository';
import { startTestCore } from '../integration/app/support';
import { summarize } from './support/stats';

const scale = Number(process.env['BENCH_SCALE'] ?? '1');
const runs = Math.max(1, Number(process.env['BENCH_RUNS'] ?? '5'));
const accounts = Math.max(10, Math.round(10_000 * scale));
const PROFILE_ID = SANDBOX_PROFILE_ID;
const PARENT_SID = 'HXBENCHPARENT';

interface Timing {
  ms: number[];
  bytes: number;
}

async function timeCall(core: Core, name: CallName, payload: unknown): Promise<Timing> {
  const ms: number[] = [];
  let bytes = 0;
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    const result = await core.call(name, payload);
    ms.push(performance.now() - started);
    if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
    bytes = JSON.stringify(result.value).length;
  }
  return { ms, bytes };
}

function planOf(index: number, plannedAtMs: number): PulledPlanSummary {
  const recipients = 50 + (index % 400);
  const estimateMinor = recipients * 25 * (1 + (index % 3));
  return {
    campaignId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    revision: 1 + (index % 4),
    accountSid: `HXBENCHSUB${index}`,
    recipients,
    leftOut: index % 7,
    estimateMinor,
    currency: 'INR',
    waves: [{ zone: 'Asia/Kolkata', localDate: '2026-12-05', localTime: '10:00', recipients, costMinor: estimateMinor }],
    plannedBy: `member_${index}`,
    plannedByName: `Member ${index}`,
    plannedAtMs,
  };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'desk-bench-planned-'));
  // Nothing listens on port 9: every figure comes from the local store.
  const core = await startTestCore(dataDir, { url: 'http://127.0.0.1:9', sid: PARENT_SID, apiKey: 'bench-key', name: 'Bench Retail' });
  const db = openDatabase(join(dataDir, DATABASE_FILE));
  try {
    const now = new Date().toISOString();
    new SubaccountsRepository(db).replaceAll(
      PROFILE_ID,
      Array.from({ length: accounts }, (_, index) => ({
        sid: `HXBENCHSUB${index}`,
        name: `Region ${String(index).padStart(5, '0')}`,
        email: `region${index}@bench.example`,
        status: 'active' as const,
        creditType: 'assigned' as const,
        channels: ['sms'],
        country: 'IN',
        currency: 'INR',
        balanceMinor: 100_000 + index,
        monthlyLimitMinor: null,
        usedThisMonthMinor: null,
        syncedAt: now,
      })),
      now,
    );
    // Joined as a parent manager (the workspace itself is not reached: what was pulled is what counts).
    new WorkspaceMembershipsRepository(db).save({
      profileId: PROFILE_ID,
      host: '127.0.0.1',
      port: 9,
      databaseName: 'workspace',
      sslMode: 'disable',
      roleName: 'bench_parent',
      displayName: 'Bench Parent',
      memberKind: 'parent_manager',
      organisationId: PARENT_SID,
      organisationName: 'Bench Retail',
      accountSid: PARENT_SID,
      joinedAt: now,
    });
    const period = { from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date(Date.now() + 86_400_000).toISOString(), zone: 'Asia/Kolkata' };
    const window = { period, sort: { column: 'planned', direction: 'desc' }, offset: 0, limit: 60 };

    const calls = async () => ({
      overview: await timeCall(core, 'spend.overview', period),
      window: await timeCall(core, 'spend.accounts', window),
      summary: await timeCall(core, 'spend.summary', period),
    });
    const before = await calls();
    const plannedAtMs = Date.now();
    new WorkspacePlanSummariesRepository(db).applyPulledSummaries(
      PROFILE_ID,
      Array.from({ length: accounts }, (_, index) => planOf(index, plannedAtMs)),
      '1000',
      now,
    );
    const after = await calls();
    const planned = await core.call('spend.overview', period);
    const counted = planned.ok ? (planned.value as CallOutput<'spend.overview'>).totals.workspacePlanned?.campaigns : undefined;
    if (counted !== accounts) throw new Error('the overview does not count every pulled plan');

    const line = (label: string, with_: Timing, without: Timing) =>
      `  ${label.padEnd(34)} ${summarize(with_.ms, 1)} ms, ${(with_.bytes / 1024).toFixed(1)} kB   (no plans: ${summarize(without.ms, 1)} ms, ${(
        without.bytes / 1024
      ).toFixed(1)} kB)`;
    console.log(
      `planned spend at scale: ${accounts} sub-accounts, one workspace plan each; ${runs} calls each through the core's door; load ${loadavg()
        .map((n) => n.toFixed(1))
        .join(' ')}`,
    );
    console.log(line('spend.overview (screen opens)', after.overview, before.overview));
    console.log(line('spend.accounts (60 rows by planned)', after.window, before.window));
    console.log(line('spend.summary (Export CSV)', after.summary, before.summary));
  } finally {
    db.close();
    core.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
