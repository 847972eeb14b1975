import type { SyncStatus } from '../../../shared/contract';
import { DeskError, type DeskErrorShape } from '../../../shared/errors';
import type { Logger } from '../log';
import type { BillingRepository } from '../store/billing-repository';
import type { SqliteDatabase } from '../store/database';
import type { ProfileRecord } from '../store/profiles-repository';
import type { CreditHistoryRepository } from '../store/credit-history-repository';
import type { SubaccountsRepository } from '../store/subaccounts-repository';
import type { SuppressionsRepository } from '../store/suppressions-repository';
import type { SyncStateRepository } from '../store/sync-state-repository';
import { isoAt, MINUTE, type Clock } from '../time';
import { backoffDelay, PULL_BACKOFF } from './backoff';
import { toBillingSnapshot } from './billing-mapping';
import type { KaleyraClient } from '../kaleyra/client';
import { toCachedSubaccount } from './subaccount-mapping';

export interface SyncEngineDeps {
  db: SqliteDatabase;
  subaccounts: SubaccountsRepository;
  /** Where balance changes a pull reveals are written, in the pull's own transaction. */
  creditHistory?: Pick<CreditHistoryRepository, 'appendObserved'>;
  suppressions: Pick<SuppressionsRepository, 'add'>;
  syncState: SyncStateRepository;
  billing: BillingRepository;
  clientFor(profile: ProfileRecord): Promise<KaleyraClient>;
  clock: Clock;
  log: Logger;
  onStatus(status: SyncStatus): void;
  onSubaccountsChanged(profileId: string): void;
  onBillingChanged(profileId: string): void;
  pullIntervalMs?: number;
}

const DEFAULT_PULL_INTERVAL_MS = MINUTE;

/**
 * Pulls the active profile's remote state into the local cache, on a timer and on demand.
 * One pull at a time: a "Sync now" during a pull joins it instead of starting another.
 */
export class SyncEngine {
  private profile: ProfileRecord | null = null;
  private current: SyncStatus = idleStatus(null);
  private inFlight: Promise<SyncStatus> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private consecutiveFailures = 0;
  private stopped = false;

  constructor(private readonly deps: SyncEngineDeps) {}

  status(): SyncStatus {
    return this.current;
  }

  /** Switches to another profile: its cached state shows at once, then a pull starts (or is scheduled). */
  follow(profile: ProfileRecord | null, pullNow = true): void {
    this.clearTimer();
    this.profile = profile;
    this.consecutiveFailures = 0;
    const lastSyncedAtMs = profile ? this.deps.syncState.get(profile.id, 'subaccounts').lastSyncedAtMs : null;
    const lastSyncedAt = lastSyncedAtMs === null ? null : isoAt(lastSyncedAtMs);
    this.publish({ ...idleStatus(profile?.id ?? null), lastSyncedAt });
    if (!profile) return;
    if (pullNow) void this.syncNow();
    else this.schedule(this.deps.pullIntervalMs ?? DEFAULT_PULL_INTERVAL_MS);
  }

  syncNow(): Promise<SyncStatus> {
    if (this.inFlight) return this.inFlight;
    const profile = this.profile;
    if (!profile) return Promise.resolve(this.current);
    this.clearTimer();
    this.inFlight = this.pull(profile).finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer();
  }

  private async pull(profile: ProfileRecord): Promise<SyncStatus> {
    this.publish({ ...this.current, profileId: profile.id, state: 'syncing', nextAttemptAt: null });
    try {
      const client = await this.deps.clientFor(profile);
      const requestedAt = isoAt(this.deps.clock());
      const billing = await optional(client.billing.get());
      // Recipients who answered STOP join this profile's suppression list, so no audience messages them again.
      const optOuts = await optional(client.sms.optOuts());
      // A sub-account key cannot list sub-accounts: its own billing is all there is to pull here.
      const remote = profile.role === 'parent' ? await client.subaccounts.list() : null;
      if (this.profile?.id !== profile.id) return this.current;
      const syncedAtMs = this.deps.clock();
      const syncedAt = isoAt(syncedAtMs);
      const cached = remote?.map((wire) => toCachedSubaccount(wire, syncedAt)) ?? null;
      let subaccountsChanged = 0;
      const billingChanged = this.deps.db
        .transaction(() => {
          if (cached) {
            const pulled = this.deps.subaccounts.applyPull(profile.id, cached, syncedAt, requestedAt);
            subaccountsChanged = pulled.changed;
            this.deps.creditHistory?.appendObserved(profile.id, pulled.balanceChanges, syncedAt);
          }
          this.deps.syncState.recordSuccess(profile.id, 'subaccounts', syncedAtMs);
          if (optOuts?.length)
            this.deps.suppressions.add(
              profile.id,
              optOuts.map((entry) => entry.phone),
              'opt_out',
              syncedAt,
            );
          return billing ? this.deps.billing.record(profile.id, toBillingSnapshot(billing, syncedAt)) : false;
        })
        .immediate();
      this.consecutiveFailures = 0;
      // A pull that changed nothing tells no one: open lists stay as they are.
      if (subaccountsChanged > 0) this.deps.onSubaccountsChanged(profile.id);
      if (billingChanged) this.deps.onBillingChanged(profile.id);
      const nextAt = this.schedule(this.deps.pullIntervalMs ?? DEFAULT_PULL_INTERVAL_MS);
      return this.publish({ profileId: profile.id, state: 'online', lastSyncedAt: syncedAt, nextAttemptAt: nextAt, lastError: null });
    } catch (error) {
      if (this.profile?.id !== profile.id) return this.current;
      const shape = toErrorShape(error);
      this.deps.log.warn('pull failed', { profileId: profile.id, code: shape.code });
      this.consecutiveFailures += 1;
      const nextAt = this.schedule(backoffDelay(PULL_BACKOFF, this.consecutiveFailures));
      const state = shape.code === 'API_UNREACHABLE' ? 'offline' : 'error';
      return this.publish({ ...this.current, profileId: profile.id, state, nextAttemptAt: nextAt, lastError: shape });
    }
  }

  private schedule(delayMs: number): string | null {
    this.clearTimer();
    if (this.stopped) return null;
    this.timer = setTimeout(() => void this.syncNow(), delayMs);
    this.timer.unref();
    return isoAt(this.deps.clock() + delayMs);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private publish(status: SyncStatus): SyncStatus {
    this.current = status;
    this.deps.onStatus(status);
    return status;
  }
}

/** Billing has no documented path: a real account that lacks it still syncs everything else. */
async function optional<T>(request: Promise<T>): Promise<T | null> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof DeskError && error.code === 'API_NOT_AVAILABLE') return null;
    throw error;
  }
}

function idleStatus(profileId: string | null): SyncStatus {
  return { profileId, state: 'idle', lastSyncedAt: null, nextAttemptAt: null, lastError: null };
}

function toErrorShape(error: unknown): DeskErrorShape {
  if (error instanceof DeskError) return error.toShape();
  return { code: 'INTERNAL', message: 'Sync failed unexpectedly; it will be retried.' };
}
