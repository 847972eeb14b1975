import { DLT_PROMOTIONAL_WINDOW, DLT_ZONE } from '../../shared/dlt/categories';
import { matchDltTemplate } from '../../shared/dlt/template-match';
import type { NotSentTrace } from '../../shared/kaleyra/errors';
import { localPartsOf, zoneNamed } from '../../shared/math-local-time';
import { isInsideWindow } from '../../shared/quiet-hours';
import type { SandboxStore } from '../store/sandbox-store';
import type { StoredTemplate } from '../store/templates-repository';

/**
 * [ours] The do-not-disturb registry, modelled by the number: an Indian number whose last four
 * digits are 9990–9999 has opted out of promotional messages at the registry.
 */
export function onDoNotDisturbRegistry(e164: string): boolean {
  return /^\+91\d*999\d$/.test(e164);
}

export interface ScrubbedSend {
  sender: string;
  body: string;
  templateId: string | null;
  /** When the message leaves: now, or its scheduled time. */
  leavesAt: number;
}

const indiaZone = zoneNamed(DLT_ZONE);

/**
 * Operator scrubbing of a send's +91 messages on an account with DLT turned on, in the order the
 * operators apply it: header, template, the header's registration for the template's category,
 * the promotional window, then do-not-disturb. The verdict on the body is reached once per send;
 * the returned function adds the per-number part (null: the message may go).
 */
export function dltScrubber(store: SandboxStore, accountSid: string, send: ScrubbedSend): (recipient: string) => NotSentTrace | null {
  const verdict = bodyVerdict(store, accountSid, send);
  return (recipient) => (verdict === 'promotional' ? (onDoNotDisturbRegistry(recipient) ? 'DND-NUMB' : null) : verdict);
}

function bodyVerdict(store: SandboxStore, accountSid: string, send: ScrubbedSend): NotSentTrace | 'promotional' | null {
  const registeredFor = store.templates.headerCategories(accountSid, send.sender);
  if (registeredFor.length === 0) return 'SENDER-ID-NOT-FOUND';
  const template = matchingTemplate(store, accountSid, send);
  if (!template?.category) return 'DLT-TEMPLATE-MISMATCH';
  if (template.header !== send.sender || !registeredFor.includes(template.category)) return 'SENDER-ID-NOT-FOUND';
  if (template.category !== 'promotional') return null;
  const local = localPartsOf(indiaZone, send.leavesAt);
  return isInsideWindow(DLT_PROMOTIONAL_WINDOW, local.weekday, local.minute) ? 'promotional' : 'DLT-PROMO-HOURS';
}

/** The template named by `template_id` when its text matches; without one, any of the header's templates that matches. */
function matchingTemplate(store: SandboxStore, accountSid: string, send: ScrubbedSend): StoredTemplate | undefined {
  if (send.templateId !== null) {
    const named = store.templates.find(accountSid, send.templateId);
    return named && matchDltTemplate(named.text, send.body).matches ? named : undefined;
  }
  return store.templates.list(accountSid).find((template) => template.header === send.sender && matchDltTemplate(template.text, send.body).matches);
}
