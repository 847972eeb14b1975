import { afterAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DAY } from '../../../shared/durations';
import type { CallInput, CallName, CallOutput, DeskEvent } from '../../../shared/contract';
import { createCore, type Core, type CoreOptions } from '../../../electron/core/core';
import { silentLogger } from '../../../electron/core/log';
import { createKeyFileCipher } from '../../../electron/core/secrets/key-file-cipher';
import { SANDBOX_PROFILE_ID, type SandboxAccount } from '../../../electron/core/profiles/profiles-service';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server';
import { createManySubaccounts, type ManySubaccountsOptions } from '../../support/many-subaccounts';

export const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

/** Anything a test starts and must stop: sandboxes, proxies, cores. */
export type Closable = { close(): unknown };

/**
 * The list a test file pushes what it starts onto; `hook` (afterEach or afterAll) closes everything
 * on it, newest first (a core before the sandbox it talks to), so a failing test leaves nothing running.
 */
export function closedAfter(hook: (close: () => Promise<void>) => void): Closable[] {
  const open: Closable[] = [];
  hook(async () => {
    for (const thing of open.splice(0).reverse()) await thing.close();
  });
  return open;
}

/** What the test file starts, closed once its last test has run. */
export const closedAfterAll = () => closedAfter(afterAll);

/**
 * The sandbox's prepaid parent and `customers.count` sub-accounts created under it through the public
 * API, the way an ISV's onboarding does (see createManySubaccounts).
 */
export async function prepaidParentWithCustomers(sandbox: RunningSandbox, customers: Omit<ManySubaccountsOptions, 'url' | 'parentSid' | 'parentKey'>) {
  const parent = prepaidParent(sandbox);
  const created = await createManySubaccounts({ url: sandbox.url, parentSid: parent.sid, parentKey: parent.apiKey, ...customers });
  return { parent, created };
}

/** The allocations (money moved in) the sandbox's ledger holds for `sid`, oldest first: the judge of recharges. */
export function allocationsOf(sandbox: RunningSandbox, sid: string): number[] {
  return sandbox
    .ledgerEntries(sid)
    .filter((entry) => entry.kind === 'allocation')
    .map((entry) => entry.amountMinor);
}

export async function startTestSandbox(dataDir = tempDir('desk-sandbox-')): Promise<RunningSandbox> {
  return startSandbox({ dataDir, port: 0, deliveryTickMs: 0 });
}

export function prepaidParent(sandbox: RunningSandbox) {
  const parent = sandbox.accounts.find((a) => a.billing === 'prepaid');
  if (!parent) throw new Error('the sandbox seeded no prepaid parent');
  return parent;
}

/** A real core on a real SQLite file, pointed at a real sandbox (or any URL) as its sandbox profile. */
/** `account` becomes the profile `sandbox` (a parent unless `role` says otherwise). */
export async function startTestCore(
  dataDir: string,
  account: { url: string; sid: string; apiKey: string; name: string; role?: 'parent' | 'subaccount'; documentedOnlyUrl?: string | null },
  syncOnStart = false,
  moreProfiles: readonly SandboxAccount[] = [],
  more: Partial<Pick<CoreOptions, 'campaigns' | 'clock' | 'requestBudget' | 'teamAudienceChunkRows' | 'desktopName' | 'log'>> = {},
): Promise<Core & { events: DeskEvent[] }> {
  const events: DeskEvent[] = [];
  const core = await createCore({
    dataDir,
    cipher: createKeyFileCipher(join(dataDir, 'keys', 'secret.key')),
    host: 'browser',
    version: '0.0.0-test',
    log: silentLogger,
    sandboxAccounts: [{ profileId: SANDBOX_PROFILE_ID, role: 'parent', ...account }, ...moreProfiles],
    syncOnStart,
    ...more,
  });
  core.onEvent((event) => events.push(event));
  return Object.assign(core, { events });
}

export async function callOk<N extends CallName>(core: Core, name: N, payload: unknown = {}): Promise<CallOutput<N>> {
  const result = await core.call(name, payload);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
  return result.value as CallOutput<N>;
}

/** The spend period from a day before now to a day after, read in `zone`: whatever the test just spent falls in it. */
export function dayEitherSideOfNow(zone: string): CallInput<'spend.summary'> {
  const now = Date.now();
  return { from: new Date(now - DAY).toISOString(), to: new Date(now + DAY).toISOString(), zone };
}

/** The spend dashboard after a complete refresh of the local store from the API's logs. */
export async function freshSpendSummary(core: Core, period: CallInput<'spend.summary'>): Promise<CallOutput<'spend.summary'>> {
  await callOk(core, 'spend.refresh', { wait: true });
  return callOk(core, 'spend.summary', period);
}
