import type { CreateSubaccountRequest, PatchSubaccountRequest } from '../../shared/kaleyra/subaccount';
import { rbcCodes, sandboxCodes } from '../../shared/kaleyra/errors';
import { minorToMajorString } from '../../shared/money';
import type { AccountRecord } from '../store/accounts-repository';
import type { SandboxStore } from '../store/sandbox-store';
import { recordAlertsAfterMovement } from './alerts';
import { SandboxError } from './errors';
import { spendable, transferToSubaccount } from './funds';
import { newApiKey } from './identifiers';
import { cancelScheduledMessages } from './scheduled-cancellation';
import {
  fail,
  isOn,
  validBusinessEmail,
  validChannels,
  validCountry,
  validCreditAmount,
  validLowBalanceAlert,
  validMonthlyLimit,
  validName,
  validRechargeAmount,
} from './subaccount-rules';

/** Fields fixed at creation; a PATCH naming one is refused. */
const NOT_EDITABLE = ['email', 'channels', 'country_iso_code', 'subaccount_credit_type', 'is_invited'] as const;

/** The sub-accounts module: every write is one transaction, validated before anything is written. */
export class SubaccountService {
  constructor(private readonly store: SandboxStore) {}

  list(parent: AccountRecord): AccountRecord[] {
    return this.store.accounts.listSubaccounts(parent.sid);
  }

  /** A sub-account of this parent, or 404 (the same answer whether it exists elsewhere or not at all). */
  get(parent: AccountRecord, subSid: string): AccountRecord {
    const sub = this.store.accounts.findBySid(subSid);
    if (!sub || sub.parentSid !== parent.sid) {
      throw new SandboxError(404, sandboxCodes.notFound, `no sub-account ${subSid} under this account`, 'subSid');
    }
    return sub;
  }

  private live(parent: AccountRecord, subSid: string): AccountRecord {
    const sub = this.get(parent, subSid);
    if (sub.status === 'deleted') throw new SandboxError(409, sandboxCodes.accountDeleted, `sub-account ${subSid} is deleted`, 'subSid');
    return sub;
  }

  create(parent: AccountRecord, request: CreateSubaccountRequest, now: number): AccountRecord {
    return this.store.transaction(() => {
      const creditType = request.subaccount_credit_type.trim().toLowerCase();
      if (creditType !== 'assigned' && creditType !== 'shared') {
        fail(sandboxCodes.creditTypeInvalid, 'subaccount_credit_type must be "assigned" or "shared"', 'subaccount_credit_type');
      }
      const name = validName(request.account_name);
      if (this.store.accounts.liveNameTaken(parent.sid, name, null)) {
        fail(sandboxCodes.nameTaken, `a sub-account named ${name} already exists`, 'account_name');
      }
      const email = validBusinessEmail(request.email, parent.enterpriseDomain);
      if (this.store.accounts.liveEmailTaken(email)) fail(sandboxCodes.emailTaken, 'this e-mail is already used by an account', 'email');
      const enabled = new Set(this.store.rateCard.list(parent.sid).map((entry) => entry.country));
      const country = validCountry(request.country_iso_code, enabled);
      const channels = validChannels(request.channels);
      const alertRequested =
        isOn(request.low_balance_alert) || request.low_balance_alert_amount !== undefined || request.low_balance_alert_emails !== undefined;

      let creditMinor: number | null = null;
      let monthlyLimitMinor: number | null = null;
      let alert = { enabled: false, thresholdMinor: null as number | null, emails: [] as string[] };
      if (creditType === 'assigned') {
        if (request.monthly_usage_limit !== undefined) {
          fail(rbcCodes.monthlyLimitNotApplicable, 'monthly_usage_limit applies to shared sub-accounts only', 'monthly_usage_limit');
        }
        creditMinor = validCreditAmount(request.credit_amount, parent.currency);
        alert = validLowBalanceAlert(
          { enabled: isOn(request.low_balance_alert), amount: request.low_balance_alert_amount, emails: request.low_balance_alert_emails },
          parent.currency,
        );
        this.assertParentCovers(parent, creditMinor, now);
      } else {
        if (parent.billing !== 'postpaid') fail(rbcCodes.sharedNeedsPostpaidParent, 'shared usage needs a postpaid parent account', 'subaccount_credit_type');
        if (request.credit_amount !== undefined)
          fail(rbcCodes.creditAmountNotApplicable, 'credit_amount applies to assigned sub-accounts only', 'credit_amount');
        if (alertRequested) fail(rbcCodes.lowBalanceNotApplicable, 'low-balance alerts apply to assigned sub-accounts only', 'low_balance_alert');
        monthlyLimitMinor = validMonthlyLimit(request.monthly_usage_limit, parent.currency);
      }

      const number = this.store.accounts.nextSubaccountNumber(parent.sid, now);
      const sid = `${parent.sid}_${number}`;
      this.store.accounts.insert({
        sid,
        parentSid: parent.sid,
        apiKey: newApiKey(),
        name,
        email,
        billing: null,
        creditType,
        status: isOn(request.is_invited) ? 'invited' : 'active',
        countryIsoCode: country,
        currency: parent.currency,
        enterpriseDomain: null,
        channels,
        monthlyLimitMinor,
        lowBalanceAlert: alert.enabled,
        lowBalanceAlertMinor: alert.thresholdMinor,
        lowBalanceAlertEmails: alert.emails,
        seedOrder: number,
        createdAt: now,
      });
      if (creditMinor !== null) this.transfer(parent.sid, sid, creditMinor, 'allocation', now);
      return this.mustFind(sid);
    });
  }

  update(parent: AccountRecord, subSid: string, request: PatchSubaccountRequest, now: number): AccountRecord {
    return this.store.transaction(() => {
      const sub = this.live(parent, subSid);
      for (const field of NOT_EDITABLE) {
        if (request[field] !== undefined) {
          throw new SandboxError(400, sandboxCodes.fieldNotEditable, `${field} cannot change after creation`, field);
        }
      }
      const touched = Object.values(request).some((value) => value !== undefined);
      if (!touched) throw new SandboxError(400, sandboxCodes.invalidBody, 'nothing to change');
      const alertTouched =
        request.low_balance_alert !== undefined || request.low_balance_alert_amount !== undefined || request.low_balance_alert_emails !== undefined;

      let name: string | undefined;
      if (request.account_name !== undefined) {
        name = validName(request.account_name);
        if (this.store.accounts.liveNameTaken(parent.sid, name, sub.sid)) {
          fail(sandboxCodes.nameTaken, `a sub-account named ${name} already exists`, 'account_name');
        }
      }
      let creditMinor: number | undefined;
      let monthlyLimitMinor: number | undefined;
      let alert: ReturnType<typeof validLowBalanceAlert> | undefined;
      if (sub.creditType === 'assigned') {
        if (request.monthly_usage_limit !== undefined) {
          fail(rbcCodes.monthlyLimitNotApplicable, 'monthly_usage_limit applies to shared sub-accounts only', 'monthly_usage_limit');
        }
        if (request.credit_amount !== undefined) {
          creditMinor = validRechargeAmount(request.credit_amount, sub.currency, 'credit_amount');
        }
        if (alertTouched) {
          const enabled = request.low_balance_alert === undefined ? sub.lowBalanceAlert : isOn(request.low_balance_alert);
          alert = validLowBalanceAlert(
            {
              enabled,
              amount:
                request.low_balance_alert_amount ??
                (sub.lowBalanceAlertMinor === null ? undefined : minorToMajorString(sub.lowBalanceAlertMinor, sub.currency)),
              emails: request.low_balance_alert_emails ?? sub.lowBalanceAlertEmails,
            },
            sub.currency,
          );
        }
      } else {
        if (request.credit_amount !== undefined)
          fail(rbcCodes.creditAmountNotApplicable, 'credit_amount applies to assigned sub-accounts only', 'credit_amount');
        if (alertTouched) fail(rbcCodes.lowBalanceNotApplicable, 'low-balance alerts apply to assigned sub-accounts only', 'low_balance_alert');
        if (request.monthly_usage_limit !== undefined) monthlyLimitMinor = validMonthlyLimit(request.monthly_usage_limit, sub.currency);
      }

      if (name !== undefined) this.store.accounts.updateName(sub.sid, name, now);
      if (monthlyLimitMinor !== undefined) this.store.accounts.updateMonthlyLimit(sub.sid, monthlyLimitMinor, now);
      if (alert !== undefined) this.store.accounts.updateLowBalanceAlert(sub.sid, alert, now);
      if (creditMinor !== undefined) this.moveCredit(parent, sub, creditMinor, now);
      else if (alert !== undefined) recordAlertsAfterMovement(this.store, sub.sid, now);
      return this.mustFind(sub.sid);
    });
  }

  recharge(parent: AccountRecord, subSid: string, amount: unknown, now: number): AccountRecord {
    return this.store.transaction(() => {
      const sub = this.live(parent, subSid);
      if (sub.creditType !== 'assigned') {
        fail(rbcCodes.creditAmountNotApplicable, 'shared sub-accounts have no balance to recharge', 'amount');
      }
      const amountMinor = validRechargeAmount(amount, sub.currency, 'amount');
      this.moveCredit(parent, sub, amountMinor, now);
      return this.mustFind(sub.sid);
    });
  }

  setSuspended(parent: AccountRecord, subSid: string, suspended: boolean, now: number): AccountRecord {
    return this.store.transaction(() => {
      const sub = this.live(parent, subSid);
      // Idempotent: suspending a suspended account (or activating an active one) changes nothing.
      // Activating an invited account stands in for the invitation being accepted [ours].
      const next = suspended ? 'suspended' : 'active';
      if (sub.status !== next) this.store.accounts.updateStatus(sub.sid, next, now);
      return this.mustFind(sub.sid);
    });
  }

  /** Cancels scheduled sends (refunded), returns the remaining balance, and marks it deleted. */
  delete(parent: AccountRecord, subSid: string, now: number): AccountRecord {
    return this.store.transaction(() => {
      const sub = this.live(parent, subSid);
      cancelScheduledMessages(this.store, this.store.messages.scheduledOfAccount(sub.sid), now);
      const remaining = this.mustFind(sub.sid).balanceMinor;
      if (sub.creditType === 'assigned' && remaining > 0) this.transfer(parent.sid, sub.sid, -remaining, 'deletion_return', now);
      this.store.accounts.updateStatus(sub.sid, 'deleted', now);
      return this.mustFind(sub.sid);
    });
  }

  private moveCredit(parent: AccountRecord, sub: AccountRecord, amountMinor: number, now: number): void {
    if (amountMinor > 0) {
      this.assertParentCovers(this.mustFind(parent.sid), amountMinor, now);
      this.transfer(parent.sid, sub.sid, amountMinor, 'allocation', now);
    } else {
      if (-amountMinor > this.mustFind(sub.sid).balanceMinor) {
        throw new SandboxError(400, sandboxCodes.withdrawalExceedsBalance, 'cannot withdraw more than the sub-account balance', 'amount');
      }
      this.transfer(parent.sid, sub.sid, amountMinor, 'withdrawal', now);
    }
  }

  private assertParentCovers(parent: AccountRecord, amountMinor: number, now: number): void {
    if (spendable(this.store, parent, now) >= amountMinor) return;
    if (parent.billing === 'prepaid') fail(rbcCodes.prepaidBalanceInsufficient, 'the parent balance does not cover this credit', 'credit_amount');
    fail(rbcCodes.postpaidAllowanceInsufficient, "the parent's remaining monthly allowance does not cover this credit", 'credit_amount');
  }

  private transfer(parentSid: string, subSid: string, amountMinor: number, kind: 'allocation' | 'withdrawal' | 'deletion_return', now: number): void {
    transferToSubaccount(this.store, this.mustFind(parentSid), this.mustFind(subSid), amountMinor, kind, now);
    recordAlertsAfterMovement(this.store, parentSid, now);
    recordAlertsAfterMovement(this.store, subSid, now);
  }

  private mustFind(sid: string): AccountRecord {
    const account = this.store.accounts.findBySid(sid);
    if (!account) throw new Error(`account ${sid} vanished inside a transaction`);
    return account;
  }
}
