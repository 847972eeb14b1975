import type { MessageRecord } from '../store/messages-repository';
import type { SandboxStore } from '../store/sandbox-store';
import { recordAlertsAfterMovement } from './alerts';
import { giveBack } from './funds';

/**
 * Cancels scheduled messages: each becomes NotSent / CANCELLED [ours] and its charge is given
 * back to the period it was taken from. Call inside the caller's transaction.
 */
export function cancelScheduledMessages(store: SandboxStore, messages: MessageRecord[], now: number): { cancelled: number; refundedMinor: number } {
  let refundedMinor = 0;
  const touched = new Set<string>();
  for (const message of messages) {
    if (message.status !== 'Scheduled') continue;
    store.messages.updateStatus(message, 'NotSent', 'CANCELLED', null, now);
    if (message.chargeMinor > 0) {
      const account = store.accounts.findBySid(message.accountSid);
      if (!account) continue;
      giveBack(store, account, { amountMinor: message.chargeMinor, period: message.chargePeriod, reference: message.messageId, now });
      refundedMinor += message.chargeMinor;
      touched.add(account.sid);
      if (account.parentSid) touched.add(account.parentSid);
    }
  }
  for (const sid of touched) recordAlertsAfterMovement(store, sid, now);
  return { cancelled: messages.length, refundedMinor };
}
