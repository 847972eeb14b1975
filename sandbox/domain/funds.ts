import type { AccountRecord } from '../store/accounts-repository';
import type { LedgerKind } from '../store/ledger-repository';
import type { SandboxStore } from '../store/sandbox-store';
import { utcPeriod } from './clock';
import { assertNever } from '../../shared/assert-never';

/**
 * How an account pays: `balance` accounts (prepaid parents, assigned sub-accounts) spend a
 * stored balance; `allowance` accounts (postpaid parents, shared sub-accounts) consume a monthly
 * limit. A shared sub-account consumes both its own cap and its postpaid parent's limit.
 */
export type Funding = { kind: 'balance'; account: AccountRecord } | { kind: 'allowance'; account: AccountRecord; parent: AccountRecord | null };

export function fundingOf(store: SandboxStore, account: AccountRecord): Funding {
  if (account.parentSid === null) {
    const billing = account.billing;
    switch (billing) {
      case 'prepaid':
        return { kind: 'balance', account };
      case 'postpaid':
        return { kind: 'allowance', account, parent: null };
      case null:
        throw new Error(`parent ${account.sid} has no billing type`);
      default:
        return assertNever(billing, 'billing');
    }
  }
  const creditType = account.creditType;
  switch (creditType) {
    case 'assigned':
      return { kind: 'balance', account };
    case 'shared': {
      const parent = store.accounts.findBySid(account.parentSid);
      if (!parent) throw new Error(`sub-account ${account.sid} lost its parent`);
      return { kind: 'allowance', account, parent };
    }
    case null:
      throw new Error(`sub-account ${account.sid} has no credit type`);
    default:
      return assertNever(creditType, 'credit type');
  }
}

function remainingAllowance(store: SandboxStore, account: AccountRecord, period: string): number {
  return (account.monthlyLimitMinor ?? 0) - store.ledger.usedInPeriod(account.sid, period);
}

/** What the account can spend right now, in minor units (never negative). */
export function spendable(store: SandboxStore, account: AccountRecord, now: number): number {
  const funding = fundingOf(store, account);
  const period = utcPeriod(now);
  switch (funding.kind) {
    case 'balance':
      return Math.max(0, funding.account.balanceMinor);
    case 'allowance': {
      const own = remainingAllowance(store, funding.account, period);
      const parent = funding.parent ? remainingAllowance(store, funding.parent, period) : Number.POSITIVE_INFINITY;
      return Math.max(0, Math.min(own, parent));
    }
    default:
      return assertNever(funding, 'funding');
  }
}

interface Movement {
  amountMinor: number;
  period: string;
  reference: string | null;
  now: number;
}

/** Consumes `amountMinor` (> 0) from the account; the caller has checked `spendable`. */
export function consume(store: SandboxStore, account: AccountRecord, kind: Extract<LedgerKind, 'sms_charge'>, movement: Movement): void {
  post(store, account, kind, 'subaccount_usage', -movement.amountMinor, movement);
}

/** Gives back a consumption made in `movement.period`. */
export function giveBack(store: SandboxStore, account: AccountRecord, movement: Movement): void {
  post(store, account, 'sms_refund', 'subaccount_refund', movement.amountMinor, movement);
}

function post(store: SandboxStore, account: AccountRecord, kind: LedgerKind, parentKind: LedgerKind, signedAmount: number, movement: Movement): void {
  const funding = fundingOf(store, account);
  store.ledger.post({
    accountSid: account.sid,
    kind,
    amountMinor: signedAmount,
    period: movement.period,
    counterpartySid: null,
    reference: movement.reference,
    createdAt: movement.now,
  });
  if (funding.kind === 'allowance' && funding.parent) {
    store.ledger.post({
      accountSid: funding.parent.sid,
      kind: parentKind,
      amountMinor: signedAmount,
      period: movement.period,
      counterpartySid: account.sid,
      reference: movement.reference,
      createdAt: movement.now,
    });
  }
}

/**
 * Moves credit between a parent and its assigned sub-account: positive funds the sub-account
 * (from a prepaid parent's balance or a postpaid parent's monthly allowance), negative returns it.
 */
export function transferToSubaccount(
  store: SandboxStore,
  parent: AccountRecord,
  subaccount: AccountRecord,
  amountMinor: number,
  kind: Extract<LedgerKind, 'allocation' | 'withdrawal' | 'deletion_return'>,
  now: number,
): void {
  const period = utcPeriod(now);
  store.ledger.post({ accountSid: parent.sid, kind, amountMinor: -amountMinor, period, counterpartySid: subaccount.sid, reference: null, createdAt: now });
  store.ledger.post({ accountSid: subaccount.sid, kind, amountMinor, period, counterpartySid: parent.sid, reference: null, createdAt: now });
}
