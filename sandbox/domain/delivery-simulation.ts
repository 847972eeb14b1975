import type { MessageRecord } from '../store/messages-repository';
import type { SandboxStore } from '../store/sandbox-store';
import { recordAlertsAfterMovement } from './alerts';
import { deliveryOutcomeFor, DELIVERY_DELAY_MS } from './delivery-outcome';
import { assertNever } from '../../shared/assert-never';
import { giveBack, transferToSubaccount } from './funds';

const BATCH = 500;

/**
 * Moves messages along Scheduled → Sent → Delivered | UnDelivered as the clock passes their
 * due time. Refund rule [ours]: an UnDelivered message's charge is given back in full, to the
 * period it was charged in, in the same transaction as the status change.
 */
export class DeliverySimulation {
  constructor(private readonly store: SandboxStore) {}

  /** Processes everything due at `now` (including transitions that become due on the way). */
  processDue(now: number): number {
    let transitions = 0;
    for (;;) {
      const due = this.store.messages.due(now, BATCH);
      if (due.length === 0) return transitions;
      this.store.transaction(() => {
        for (const message of due) this.advance(message, now);
      });
      transitions += due.length;
    }
  }

  private advance(message: MessageRecord, now: number): void {
    const dueAt = message.dueAt ?? now;
    const status = message.status;
    switch (status) {
      case 'Scheduled':
        this.store.messages.updateStatus(message, 'Sent', 'SENT', dueAt + DELIVERY_DELAY_MS, dueAt);
        return;
      case 'Sent': {
        const outcome = deliveryOutcomeFor(message.recipient);
        this.store.messages.updateStatus(message, outcome.status, outcome.trace, null, dueAt);
        if (outcome.status === 'UnDelivered' && message.chargeMinor > 0) this.refund(message, dueAt);
        return;
      }
      case 'Delivered':
      case 'UnDelivered':
      case 'NotSent':
      case 'Failed':
        // Final states carry no due time; clear a stray one rather than loop on it.
        this.store.messages.updateStatus(message, status, message.trace, null, dueAt);
        return;
      default:
        assertNever(status, 'message status');
    }
  }

  private refund(message: MessageRecord, at: number): void {
    const account = this.store.accounts.findBySid(message.accountSid);
    if (!account) return;
    giveBack(this.store, account, { amountMinor: message.chargeMinor, period: message.chargePeriod, reference: message.messageId, now: at });
    const parent = account.parentSid ? this.store.accounts.findBySid(account.parentSid) : undefined;
    if (account.status === 'deleted' && account.creditType === 'assigned' && parent) {
      // A deleted sub-account keeps no money: the late refund follows its balance to the parent.
      const refunded = this.store.accounts.findBySid(account.sid) ?? account;
      transferToSubaccount(this.store, parent, refunded, -message.chargeMinor, 'deletion_return', at);
    }
    recordAlertsAfterMovement(this.store, account.sid, at);
  }
}
