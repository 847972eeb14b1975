import type { BulkActionKind } from '../../../shared/calls/subaccount-bulk';
import type { CreditHistoryEntry, ParentFunds, SubaccountDetail } from '../../../shared/calls/subaccounts';
import { DeskError } from '../../../shared/errors';
import type { WireBilling } from '../../../shared/kaleyra/billing';
import type { CreateSubaccountRequest, PatchSubaccountRequest } from '../../../shared/kaleyra/subaccount';
import { minorToMajorString, parseMajorToMinor } from '../../../shared/money';
import {
  allowedCreditTypes,
  callFieldOfWireField,
  checkCreditMove,
  checkNewSubaccount,
  checkSubaccountEdit,
  type CreditDirection,
  type LowBalanceAlertDraft,
  type NewSubaccountDraft,
  type RuleIssue,
  type SubaccountEditDraft,
} from '../../../shared/subaccount-rules';
import type { KaleyraClient } from '../kaleyra/client';
import type { AuditLogRepository } from '../store/audit-log-repository';
import type { CreditHistoryQuery, CreditHistoryRepository, NewCreditHistoryEntry } from '../store/credit-history-repository';
import type { SqliteDatabase } from '../store/database';
import type { ProfileRecord } from '../store/profiles-repository';
import type { CachedSubaccount, SubaccountsRepository } from '../store/subaccounts-repository';
import { toSubaccountDetail } from '../sync/subaccount-mapping';
import { isoAt, type Clock } from '../time';

export interface SubaccountAdminDeps {
  db: SqliteDatabase;
  clock: Clock;
  subaccounts: SubaccountsRepository;
  creditHistory: CreditHistoryRepository;
  audit: AuditLogRepository;
  clientFor(profile: ProfileRecord): Promise<KaleyraClient>;
  /** Told after every change, once the cache and the history hold it. */
  onChanged(profileId: string): void;
  /** Told when the parent's own money moved (its balance or allowance is pulled, not computed here). */
  onParentFundsChanged?(profileId: string): void;
}

export interface NewSubaccountInput extends NewSubaccountDraft {
  invite: boolean;
}

export interface DeletedSubaccountResult {
  subaccount: SubaccountDetail;
  returnedToParentMinor: number;
  apiMessage: string;
}

// Real accounts may not say their currency; every currency Kaleyra bills in has two decimals.
const DIGITS_FALLBACK_CURRENCY = 'USD';

/**
 * The parent console's sub-account use cases. Every change is checked against the platform's
 * rules first (with the parent's and the sub-account's money as the API reports it now, never as
 * cached), then sent, and the API's answer, the credits-history record and the audit record are
 * written in one transaction.
 */
export class SubaccountAdminService {
  constructor(private readonly deps: SubaccountAdminDeps) {}

  /** What the parent can give right now; null when the API offers no billing figures (a real account may not). */
  async parentFunds(profile: ProfileRecord): Promise<ParentFunds | null> {
    requireParent(profile);
    const client = await this.deps.clientFor(profile);
    return this.readParentFunds(client);
  }

  async create(profile: ProfileRecord, input: NewSubaccountInput): Promise<SubaccountDetail> {
    requireParent(profile);
    const client = await this.deps.clientFor(profile);
    const funds = await this.readParentFunds(client);
    refuseOnIssues(checkNewSubaccount(input, { parent: funds, known: this.deps.subaccounts.list(profile.id) }));

    const currency = funds?.currency ?? DIGITS_FALLBACK_CURRENCY;
    const wire = await fromApi(client.subaccounts.create(toCreateRequest(input, currency)));
    const detail = toSubaccountDetail(wire, this.now());
    this.commit(profile, detail, {
      action: 'subaccount.create',
      details: {
        name: detail.name,
        creditType: detail.creditType,
        invite: input.invite,
        creditAmountMinor: detail.balanceMinor,
        monthlyLimitMinor: detail.monthlyLimitMinor,
      },
      credit: detail.balanceMinor ? { kind: 'initial_credit', amountMinor: detail.balanceMinor } : null,
    });
    if (detail.balanceMinor) this.deps.onParentFundsChanged?.(profile.id);
    return detail;
  }

  /** Fresh from the API; the cache takes the answer too. */
  async get(profile: ProfileRecord, sid: string): Promise<SubaccountDetail> {
    requireParent(profile);
    const client = await this.deps.clientFor(profile);
    const detail = toSubaccountDetail(await fromApi(client.subaccounts.get(sid)), this.now());
    this.commit(profile, detail, null);
    return detail;
  }

  async edit(profile: ProfileRecord, sid: string, edit: SubaccountEditDraft): Promise<SubaccountDetail> {
    requireParent(profile);
    const client = await this.deps.clientFor(profile);
    const current = toSubaccountDetail(await fromApi(client.subaccounts.get(sid)), this.now());
    refuseOnIssues(checkSubaccountEdit(edit, { ...current, currency: current.currency ?? DIGITS_FALLBACK_CURRENCY }, this.deps.subaccounts.list(profile.id)));
    const wire = await fromApi(client.subaccounts.edit(sid, toPatchRequest(edit, current.currency ?? DIGITS_FALLBACK_CURRENCY)));
    const detail = toSubaccountDetail(wire, this.now());
    this.commit(profile, detail, { action: 'subaccount.edit', details: { fields: Object.keys(edit), name: detail.name }, credit: null, before: current });
    return detail;
  }

  async moveCredit(profile: ProfileRecord, direction: CreditDirection, sid: string, amountMinor: number): Promise<SubaccountDetail> {
    requireParent(profile);
    const client = await this.deps.clientFor(profile);
    const [current, funds] = await Promise.all([
      fromApi(client.subaccounts.get(sid)).then((wire) => toSubaccountDetail(wire, this.now())),
      direction === 'recharge' ? this.readParentFunds(client) : Promise.resolve(null),
    ]);
    const currency = current.currency ?? DIGITS_FALLBACK_CURRENCY;
    refuseOnIssues([checkCreditMove(direction, amountMinor, { ...current, currency }, funds)]);

    const signedMinor = direction === 'recharge' ? amountMinor : -amountMinor;
    const wire = await fromApi(client.subaccounts.recharge(sid, majorNumber(signedMinor, currency)));
    const detail = toSubaccountDetail(wire, this.now());
    this.commit(profile, detail, {
      action: direction === 'recharge' ? 'subaccount.recharge' : 'subaccount.withdraw',
      details: { name: detail.name, amountMinor: signedMinor, currency, balanceAfterMinor: detail.balanceMinor },
      credit: { kind: direction === 'recharge' ? 'recharge' : 'withdrawal', amountMinor: signedMinor },
      before: current,
    });
    this.deps.onParentFundsChanged?.(profile.id);
    return detail;
  }

  async setSuspended(profile: ProfileRecord, sid: string, { suspended }: { suspended: boolean }): Promise<SubaccountDetail> {
    requireParent(profile);
    const client = await this.deps.clientFor(profile);
    const wire = await fromApi(suspended ? client.subaccounts.suspend(sid) : client.subaccounts.activate(sid));
    const detail = toSubaccountDetail(wire, this.now());
    this.commit(profile, detail, {
      action: suspended ? 'subaccount.suspend' : 'subaccount.activate',
      details: { name: detail.name, status: detail.status },
      credit: null,
    });
    return detail;
  }

  /**
   * The platform returns the remaining balance to the parent and cancels the sub-account's
   * scheduled sends. Its answer only says "deleted", so the amount returned is the balance the
   * API reported just before.
   */
  async delete(profile: ProfileRecord, sid: string, confirmName: string): Promise<DeletedSubaccountResult> {
    requireParent(profile);
    const client = await this.deps.clientFor(profile);
    const current = toSubaccountDetail(await fromApi(client.subaccounts.get(sid)), this.now());
    if (confirmName.trim() !== current.name) {
      throw new DeskError('VALIDATION_FAILED', `Type the sub-account's name, ${current.name}, exactly to confirm the deletion.`, { field: 'confirmName' });
    }
    if (current.status === 'deleted')
      throw new DeskError('RULE_VIOLATED', `${current.name} is already deleted.`, { field: 'sid', apiCode: 'SBX-ACCOUNT-DELETED' });

    const deleted = await fromApi(client.subaccounts.remove(sid));
    const detail = toSubaccountDetail(deleted.subaccount, this.now());
    const returnedToParentMinor = current.creditType === 'assigned' ? Math.max(0, current.balanceMinor ?? 0) : 0;
    this.commit(profile, detail, {
      action: 'subaccount.delete',
      details: { name: detail.name, returnedToParentMinor, currency: current.currency, apiCode: deleted.apiCode, apiMessage: deleted.apiMessage },
      credit: returnedToParentMinor > 0 ? { kind: 'deletion_return', amountMinor: -returnedToParentMinor } : null,
      before: current,
    });
    if (returnedToParentMinor > 0) this.deps.onParentFundsChanged?.(profile.id);
    return { subaccount: detail, returnedToParentMinor, apiMessage: deleted.apiMessage };
  }

  /**
   * One account of a bulk action: checked against the cached row (the API checks again), sent,
   * and committed with `record` (the bulk journal) in the same transaction. The bulk action tells
   * listeners once at its end, not once per account.
   */
  async bulkItem(
    profile: ProfileRecord,
    client: KaleyraClient,
    row: CachedSubaccount,
    action: BulkActionKind,
    amountMinor: number | null,
    record: (detail: SubaccountDetail) => void,
  ): Promise<SubaccountDetail> {
    requireParent(profile);
    const before: SubaccountDetail = { ...row, lowBalanceAlert: null };
    if (action === 'recharge') {
      const currency = row.currency ?? DIGITS_FALLBACK_CURRENCY;
      refuseOnIssues([checkCreditMove('recharge', amountMinor, { ...row, currency }, null)]);
      const wire = await fromApi(client.subaccounts.recharge(row.sid, majorNumber(amountMinor ?? 0, currency)));
      const detail = toSubaccountDetail(wire, this.now());
      const signedMinor = amountMinor ?? 0;
      this.commit(
        profile,
        detail,
        {
          action: 'subaccount.recharge',
          details: { name: detail.name, amountMinor: signedMinor, currency, balanceAfterMinor: detail.balanceMinor, bulk: true },
          credit: { kind: 'recharge', amountMinor: signedMinor },
          before,
        },
        { notify: false, record },
      );
      return detail;
    }
    const suspend = action === 'suspend';
    const wire = await fromApi(suspend ? client.subaccounts.suspend(row.sid) : client.subaccounts.activate(row.sid));
    const detail = toSubaccountDetail(wire, this.now());
    this.commit(
      profile,
      detail,
      {
        action: suspend ? 'subaccount.suspend' : 'subaccount.activate',
        details: { name: detail.name, status: detail.status, bulk: true },
        credit: null,
        before,
      },
      { notify: false, record },
    );
    return detail;
  }

  creditHistory(profile: ProfileRecord, query: CreditHistoryQuery): { entries: CreditHistoryEntry[]; truncated: boolean } {
    requireParent(profile);
    return this.deps.creditHistory.query(profile.id, query);
  }

  private async readParentFunds(client: KaleyraClient): Promise<ParentFunds | null> {
    try {
      return toParentFunds(await client.billing.get(), this.now());
    } catch (error) {
      if (error instanceof DeskError && error.code === 'API_NOT_AVAILABLE') return null;
      throw error;
    }
  }

  /**
   * One transaction: the API's answer into the cache, a balance change the desktop had not seen
   * yet (spend since the last pull) as an observed entry, the movement itself, and the audit record.
   */
  private commit(
    profile: ProfileRecord,
    detail: SubaccountDetail,
    change: {
      action: string;
      details: Record<string, unknown>;
      credit: { kind: NewCreditHistoryEntry['kind']; amountMinor: number } | null;
      /** The sub-account as the API reported it just before the change. */
      before?: SubaccountDetail;
    } | null,
    options: { notify: boolean; record?: (detail: SubaccountDetail) => void } = { notify: true },
  ): void {
    const at = detail.syncedAt;
    this.deps.db
      .transaction(() => {
        const cached = this.deps.subaccounts.get(profile.id, detail.sid);
        const seenBefore = change?.before ?? detail;
        const unseen = unseenBalanceChange(cached, seenBefore);
        if (unseen) this.deps.creditHistory.appendObserved(profile.id, [unseen], at);
        this.deps.subaccounts.upsert(profile.id, detail);
        if (change?.credit && detail.currency) {
          this.deps.creditHistory.append(profile.id, {
            sid: detail.sid,
            subaccountName: detail.name,
            kind: change.credit.kind,
            amountMinor: change.credit.amountMinor,
            currency: detail.currency,
            balanceAfterMinor: detail.creditType === 'assigned' ? detail.balanceMinor : null,
            source: 'desktop',
            at,
          });
        }
        if (change) this.deps.audit.record(profile.id, change.action, detail.sid, change.details, at);
        options.record?.(detail);
      })
      .immediate();
    if (options.notify) this.deps.onChanged(profile.id);
  }

  private now(): string {
    return isoAt(this.deps.clock());
  }
}

function requireParent(profile: ProfileRecord): void {
  // The dispatcher refuses first; this keeps the rule true for any other caller of the service.
  if (profile.role !== 'parent') throw new DeskError('FORBIDDEN_ROLE', 'Only a parent account profile can manage sub-accounts.');
}

function refuseOnIssues(issues: ReadonlyArray<RuleIssue | null>): void {
  const first = issues.find((found): found is RuleIssue => found !== null);
  if (first) throw new DeskError('RULE_VIOLATED', first.message, { field: first.field, apiCode: first.code });
}

/** API refusals name wire fields; the caller filled in the call's fields, so say those. */
async function fromApi<T>(request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (error) {
    if (!(error instanceof DeskError) || error.details.field === undefined) throw error;
    const field = callFieldOfWireField(error.details.field);
    throw new DeskError(error.code, error.message, { ...error.details, field: field ?? error.details.field });
  }
}

function unseenBalanceChange(cached: CachedSubaccount | undefined, fresh: SubaccountDetail) {
  if (!cached || cached.creditType !== 'assigned' || fresh.creditType !== 'assigned') return null;
  if (cached.balanceMinor === null || fresh.balanceMinor === null || fresh.currency === null || cached.balanceMinor === fresh.balanceMinor) return null;
  return { sid: fresh.sid, name: fresh.name, currency: fresh.currency, previousMinor: cached.balanceMinor, currentMinor: fresh.balanceMinor };
}

/** Decimal major units for the wire: JSON prints the shortest exact decimal ("12.5", "0.1"). */
function majorNumber(minor: number, currency: string): number {
  return Number(minorToMajorString(minor, currency));
}

function toCreateRequest(input: NewSubaccountInput, currency: string): CreateSubaccountRequest {
  const base: CreateSubaccountRequest = {
    account_name: input.name.trim(),
    email: input.email.trim(),
    is_invited: input.invite,
    country_iso_code: input.country.trim().toUpperCase(),
    channels: ['sms'],
    subaccount_credit_type: input.creditType,
  };
  switch (input.creditType) {
    case 'assigned':
      return {
        ...base,
        credit_amount: majorNumber(input.creditAmountMinor ?? 0, currency),
        ...(input.lowBalanceAlert ? alertFields(input.lowBalanceAlert, currency) : {}),
      };
    case 'shared':
      return { ...base, monthly_usage_limit: majorNumber(input.monthlyLimitMinor ?? 0, currency) };
  }
}

function alertFields(
  alert: LowBalanceAlertDraft,
  currency: string,
): Pick<CreateSubaccountRequest, 'low_balance_alert' | 'low_balance_alert_amount' | 'low_balance_alert_emails'> {
  return {
    low_balance_alert: true,
    low_balance_alert_amount: majorNumber(alert.thresholdMinor ?? 0, currency),
    low_balance_alert_emails: alert.emails.map((email) => email.trim().toLowerCase()),
  };
}

function toPatchRequest(edit: SubaccountEditDraft, currency: string): PatchSubaccountRequest {
  return {
    ...(edit.name === undefined ? {} : { account_name: edit.name.trim() }),
    ...(edit.monthlyLimitMinor === undefined ? {} : { monthly_usage_limit: majorNumber(edit.monthlyLimitMinor, currency) }),
    ...(edit.lowBalanceAlert === undefined ? {} : edit.lowBalanceAlert === null ? { low_balance_alert: false } : alertFields(edit.lowBalanceAlert, currency)),
  };
}

function toParentFunds(wire: WireBilling, checkedAt: string): ParentFunds {
  const minor = (amount: number | null) => (amount === null ? null : parseMajorToMinor(amount, wire.currency));
  const balanceMinor = minor(wire.balance);
  const remainingMinor = minor(wire.remaining_this_month);
  const availableMinor = wire.account_type === 'prepaid' ? (balanceMinor ?? 0) : (remainingMinor ?? 0);
  return {
    sid: wire.sid,
    billing: wire.account_type,
    currency: wire.currency,
    availableMinor: Math.max(0, availableMinor),
    balanceMinor,
    creditLimitMinor: minor(wire.credit_limit),
    usedThisMonthMinor: minor(wire.used_this_month),
    allowedCreditTypes: allowedCreditTypes(wire.account_type),
    checkedAt,
  };
}
