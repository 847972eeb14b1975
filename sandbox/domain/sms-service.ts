import { analyzeSms } from '../../shared/sms';
import { sandboxCodes } from '../../shared/kaleyra/errors';
import type { NotSentTrace } from '../../shared/kaleyra/errors';
import { MAX_RECIPIENTS_PER_SEND } from '../../shared/kaleyra/sms';
import type { SmsSendRequest, SmsSendResponse, SmsStatus } from '../../shared/kaleyra/sms';
import { minorToMajorString } from '../../shared/money';
import type { AccountRecord } from '../store/accounts-repository';
import type { MessageLogRecord, MessageRecord } from '../store/messages-repository';
import type { SandboxStore } from '../store/sandbox-store';
import { recordAlertsAfterMovement } from './alerts';
import { isoInstant, utcPeriod } from './clock';
import { DELIVERY_DELAY_MS } from './delivery-outcome';
import { SandboxError } from './errors';
import { consume, spendable } from './funds';
import { newSendId } from './identifiers';
import { checkRecipient, splitRecipients } from './recipients';
import { scheduledInstant } from './schedule';
import { cancelScheduledMessages } from './scheduled-cancellation';
import { dltScrubber } from './dlt-scrubbing';

export interface SendOutcome {
  response: SmsSendResponse;
  /** True when the idempotency reference was seen before and this is the first answer again. */
  replayed: boolean;
}

interface PlannedMessage {
  recipient: string;
  country: string | null;
  units: number;
  chargeMinor: number;
  status: SmsStatus;
  trace: string;
}

export function familySid(account: AccountRecord): string {
  return account.parentSid ?? account.sid;
}

export function majorNumber(minor: number, currency: string): number {
  return Number(minorToMajorString(minor, currency));
}

/**
 * SMS sending. Charging policy [ours]: a send is priced whole before anything is written; if
 * the account cannot cover every chargeable recipient, the whole request is refused
 * (402 SBX-NO-CREDITS) and nothing is charged or stored, so a retry after a recharge is clean.
 * Recipients that cannot be sent (bad number, country not enabled, opted out) are accepted as
 * NotSent with their trace and never charged.
 */
export class SmsService {
  constructor(private readonly store: SandboxStore) {}

  send(account: AccountRecord, request: SmsSendRequest, now: number): SendOutcome {
    const refCustom = request.ref_custom === undefined ? [] : Array.isArray(request.ref_custom) ? request.ref_custom : [request.ref_custom];
    // The whole ref_custom list is the idempotency reference [ours]: the app puts its key there.
    const idempotencyKey = refCustom.length > 0 ? JSON.stringify(refCustom) : null;
    return this.store.transaction(() => {
      if (idempotencyKey !== null) {
        const previous = this.store.messages.findSendResponseByIdempotencyKey(account.sid, idempotencyKey);
        if (previous !== undefined) return { response: JSON.parse(previous) as SmsSendResponse, replayed: true };
      }
      const current = this.store.accounts.findBySid(account.sid) ?? account;
      if (current.status !== 'active') {
        throw new SandboxError(403, sandboxCodes.accountNotActive, `the account is ${current.status}: sending is refused`);
      }
      const recipients = splitRecipients(request.to);
      if (recipients.length === 0) throw new SandboxError(400, sandboxCodes.recipientsRequired, 'to needs at least one recipient', 'to');
      if (recipients.length > MAX_RECIPIENTS_PER_SEND) {
        throw new SandboxError(400, sandboxCodes.tooManyRecipients, `at most ${MAX_RECIPIENTS_PER_SEND} recipients per request`, 'to');
      }
      const scheduledAt = request.time === undefined || request.time === '' ? null : scheduledInstant(request.time, now);
      const units = analyzeSms(request.body).segments;
      const scrub = this.store.templates.isScrubbed(current.sid)
        ? dltScrubber(this.store, current.sid, {
            sender: request.sender,
            body: request.body,
            templateId: request.template_id ?? null,
            leavesAt: scheduledAt ?? now,
          })
        : null;
      const planned = recipients.map((raw) => this.plan(current, raw, units, scrub));
      const totalMinor = planned.reduce((sum, message) => sum + message.chargeMinor, 0);
      if (totalMinor > spendable(this.store, current, now)) {
        throw new SandboxError(402, sandboxCodes.noCredits, 'the balance or monthly allowance does not cover this send; nothing was sent or charged');
      }

      const sendId = newSendId();
      const period = utcPeriod(now);
      const response: SmsSendResponse = {
        id: sendId,
        sender: request.sender,
        type: request.type ?? 'DEFAULT',
        body: request.body,
        createdDateTime: isoInstant(now),
        totalCount: planned.length,
        data: planned.map((message, index) => ({ message_id: `${sendId}:${index}`, recipient: message.recipient })),
        error: {},
        scheduledDateTime: scheduledAt === null ? null : isoInstant(scheduledAt),
        charged: majorNumber(totalMinor, current.currency),
        currency: current.currency,
        units: planned.reduce((sum, message) => sum + (message.chargeMinor > 0 ? message.units : 0), 0),
      };
      this.store.messages.insertSend({ id: sendId, accountSid: current.sid, idempotencyKey, responseJson: JSON.stringify(response), createdAt: now });
      planned.forEach((message, index) => {
        const accepted = message.status !== 'NotSent';
        this.store.messages.insertMessage({
          messageId: `${sendId}:${index}`,
          sendId,
          accountSid: current.sid,
          recipient: message.recipient,
          country: message.country,
          units: message.units,
          chargeMinor: message.chargeMinor,
          chargePeriod: period,
          status: accepted && scheduledAt !== null ? 'Scheduled' : message.status,
          trace: accepted && scheduledAt !== null ? 'SCHEDULED' : message.trace,
          scheduledAt,
          dueAt: accepted ? (scheduledAt ?? now + DELIVERY_DELAY_MS) : null,
          refCustom,
          createdAt: now,
          updatedAt: now,
        });
      });
      if (totalMinor > 0) {
        consume(this.store, current, 'sms_charge', { amountMinor: totalMinor, period, reference: sendId, now });
        recordAlertsAfterMovement(this.store, current.sid, now);
        if (current.parentSid && current.creditType === 'shared') recordAlertsAfterMovement(this.store, current.parentSid, now);
      }
      return { response, replayed: false };
    });
  }

  private plan(account: AccountRecord, raw: string, units: number, scrub: ((recipient: string) => NotSentTrace | null) | null): PlannedMessage {
    const checked = checkRecipient(raw);
    const refuse = (trace: NotSentTrace, recipient: string, country: string | null): PlannedMessage => ({
      recipient,
      country,
      units,
      chargeMinor: 0,
      status: 'NotSent',
      trace,
    });
    if (checked.kind === 'invalid') return refuse('INV-MOB-PATTRN', raw, null);
    const family = familySid(account);
    if (this.store.optOuts.has(family, checked.e164)) return refuse('OPT-OUT', checked.e164, checked.country);
    const price = this.store.rateCard.priceFor(family, checked.country);
    if (price === undefined) return refuse('NOT-ALLOWED', checked.e164, checked.country);
    // Operators scrub Indian messages of DLT accounts; a scrubbed message is NotSent and not charged [ours].
    const scrubbed = checked.country === 'IN' && scrub ? scrub(checked.e164) : null;
    if (scrubbed !== null) return refuse(scrubbed, checked.e164, checked.country);
    return { recipient: checked.e164, country: checked.country, units, chargeMinor: units * price, status: 'Sent', trace: 'SENT' };
  }

  status(account: AccountRecord, messageIds: string[]): MessageRecord[] {
    return this.store.messages.find(account.sid, messageIds);
  }

  logs(account: AccountRecord, sinceSeq: number, limit: number): { rows: MessageLogRecord[]; hasMore: boolean } {
    const rows = this.store.messages.logPage(account.sid, sinceSeq, limit + 1);
    return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
  }

  /**
   * [ours] Cancels what is still scheduled of one send (`id`) or of one message (`id:i`) and
   * refunds it.
   */
  cancelScheduled(account: AccountRecord, id: string, now: number): { cancelled: number; refundedMinor: number } {
    return this.store.transaction(() => {
      const sendId = id.includes(':') ? id.slice(0, id.indexOf(':')) : id;
      if (this.store.messages.findSendOwner(sendId) !== account.sid) {
        throw new SandboxError(404, sandboxCodes.notFound, `no send ${id} on this account`, 'id');
      }
      let scheduled: MessageRecord[];
      if (id === sendId) {
        scheduled = this.store.messages.scheduledOfSend(sendId);
      } else {
        const message = this.store.messages.find(account.sid, [id])[0];
        if (!message) throw new SandboxError(404, sandboxCodes.notFound, `no message ${id} on this account`, 'id');
        scheduled = message.status === 'Scheduled' ? [message] : [];
      }
      if (scheduled.length === 0) throw new SandboxError(409, sandboxCodes.notScheduled, 'nothing of this send is still scheduled', 'id');
      return cancelScheduledMessages(this.store, scheduled, now);
    });
  }
}
