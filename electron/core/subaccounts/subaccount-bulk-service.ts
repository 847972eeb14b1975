import type { BulkActionInput, BulkActionResult, BulkItemResult } from '../../../shared/calls/subaccount-bulk';
import { DeskError } from '../../../shared/errors';
import type { KaleyraClient } from '../kaleyra/client';
import { ApiUnreachableError } from '../kaleyra/http';
import type { BulkActionsRepository, BulkItemRecord } from '../store/bulk-actions-repository';
import type { ProfileRecord } from '../store/profiles-repository';
import type { CachedSubaccount, SubaccountFilter, SubaccountsRepository } from '../store/subaccounts-repository';
import { isoAt, type Clock } from '../time';
import type { SubaccountAdminService } from './subaccount-admin-service';

export interface SubaccountBulkDeps {
  admin: SubaccountAdminService;
  subaccounts: SubaccountsRepository;
  journal: BulkActionsRepository;
  clientFor(profile: ProfileRecord): Promise<KaleyraClient>;
  /** "All matching": the store's not-deleted accounts under the list's filters, resolved here rather than from rows a screen loaded. */
  matchingSids(profileId: string, filter: SubaccountFilter): string[];
  clock: Clock;
  /** Told once at the end when any account changed. */
  onChanged(profileId: string): void;
  onParentFundsChanged(profileId: string): void;
}

const UNKNOWN_MESSAGE =
  'The connection dropped after the request left, so it may have been done. It is not sent again: check this account (Sync now) before trying it alone.';

/**
 * Recharges, suspends or activates many sub-accounts after one confirmation, account by account,
 * and says how each fared. Every account's outcome is journaled under the operation's id before
 * and after its request: retrying the same operation skips what was done and never resends a
 * request whose fate is unknown, so nothing is charged twice.
 */
export class SubaccountBulkService {
  constructor(private readonly deps: SubaccountBulkDeps) {}

  async run(profile: ProfileRecord, input: BulkActionInput): Promise<BulkActionResult> {
    if (profile.role !== 'parent') throw new DeskError('FORBIDDEN_ROLE', 'Only a parent account profile can manage sub-accounts.');
    const client = await this.deps.clientFor(profile);
    const earlier = this.deps.journal.itemsOf(input.operationId, profile.id);
    const amountMinor = input.amountMinor ?? null;
    const results: BulkItemResult[] = [];
    let changed = 0;
    for (const sid of this.chosenSids(profile, input)) {
      const row = this.deps.subaccounts.get(profile.id, sid);
      if (!row) {
        results.push(result({ sid, name: sid }, 'refused', 'This desktop does not know this sub-account: press Sync now, then choose again.'));
        continue;
      }
      const previous = earlier.get(sid);
      if (previous) {
        const repeated = repeatedResult(row, previous);
        if (repeated) {
          results.push(repeated);
          continue;
        }
      }
      const skip = reasonToSkip(row, input.action);
      const key = { operationId: input.operationId, profileId: profile.id, sid };
      if (skip) {
        this.deps.journal.put(
          key,
          input.action,
          amountMinor,
          { state: 'skipped', message: skip, balanceAfterMinor: row.balanceMinor, currency: row.currency },
          this.now(),
        );
        results.push(result(row, 'skipped', skip));
        continue;
      }
      this.deps.journal.put(key, input.action, amountMinor, { state: 'sending', message: '', balanceAfterMinor: null, currency: row.currency }, this.now());
      try {
        let message = '';
        const detail = await this.deps.admin.bulkItem(profile, client, row, input.action, amountMinor, (done) => {
          message = doneMessage(input.action, done.name);
          this.deps.journal.put(
            key,
            input.action,
            amountMinor,
            { state: 'done', message, balanceAfterMinor: done.balanceMinor, currency: done.currency },
            this.now(),
          );
        });
        changed += 1;
        results.push({ ...result(detail, 'done', message), balanceAfterMinor: detail.balanceMinor, currency: detail.currency });
      } catch (error) {
        const unknown = error instanceof ApiUnreachableError && error.requestMayHaveArrived;
        const message = unknown ? UNKNOWN_MESSAGE : error instanceof DeskError ? error.message : 'This account could not be changed; try it again.';
        this.deps.journal.put(
          key,
          input.action,
          amountMinor,
          { state: unknown ? 'unknown' : 'refused', message, balanceAfterMinor: null, currency: row.currency },
          this.now(),
        );
        results.push(result(row, unknown ? 'unknown' : 'refused', message));
      }
    }
    if (changed > 0) {
      this.deps.onChanged(profile.id);
      if (input.action === 'recharge') this.deps.onParentFundsChanged(profile.id);
    }
    return { operationId: input.operationId, action: input.action, results };
  }

  private chosenSids(profile: ProfileRecord, input: BulkActionInput): readonly string[] {
    if (input.sids) return input.sids;
    const { exceptSids = [], ...filter } = input.matching ?? {};
    const except = new Set(exceptSids);
    return this.deps.matchingSids(profile.id, filter).filter((sid) => !except.has(sid));
  }

  private now(): string {
    return isoAt(this.deps.clock());
  }
}

function result(
  row: { sid: string; name: string; balanceMinor?: number | null; currency?: string | null },
  outcome: BulkItemResult['outcome'],
  message: string,
): BulkItemResult {
  return { sid: row.sid, name: row.name, outcome, repeated: false, message, balanceAfterMinor: row.balanceMinor ?? null, currency: row.currency ?? null };
}

/** What an earlier attempt of the same operation settled; null when the account may be tried (again). */
function repeatedResult(row: CachedSubaccount, previous: BulkItemRecord): BulkItemResult | null {
  switch (previous.state) {
    case 'done':
    case 'skipped':
      return { ...result(row, previous.state, previous.message), repeated: true, balanceAfterMinor: previous.balanceAfterMinor, currency: previous.currency };
    case 'sending':
    case 'unknown':
      return { ...result(row, 'unknown', UNKNOWN_MESSAGE), repeated: true };
    case 'refused':
      return null;
  }
}

function reasonToSkip(row: CachedSubaccount, action: BulkActionInput['action']): string | null {
  if (row.status === 'deleted') return `${row.name} is deleted.`;
  switch (action) {
    case 'recharge':
      return null;
    case 'suspend':
      if (row.status === 'suspended') return `${row.name} is already suspended.`;
      return row.status === 'invited' ? `${row.name} has not accepted its invitation yet: there is nothing to suspend.` : null;
    case 'activate':
      if (row.status === 'active') return `${row.name} is already active.`;
      return row.status === 'invited' ? `${row.name} becomes active when its invitation is accepted.` : null;
  }
}

function doneMessage(action: BulkActionInput['action'], name: string): string {
  switch (action) {
    case 'recharge':
      return `${name} recharged.`;
    case 'suspend':
      return `${name} suspended: the platform refuses its sends until you activate it.`;
    case 'activate':
      return `${name} is active again.`;
  }
}
