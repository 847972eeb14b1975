import { z } from 'zod';
import { SENDING_WINDOW_PRESETS } from '../quiet-hours';
import type { SendingWindow } from '../quiet-hours';

/**
 * India's DLT (Distributed Ledger Technology) registration rules, defined once. Every commercial
 * SMS to an Indian number carries a header (sender ID) and a content template registered under the
 * sender's principal entity, in one of four categories.
 */
export const dltCategories = ['promotional', 'transactional', 'service_implicit', 'service_explicit'] as const;
export const dltCategory = z.enum(dltCategories);
export type DltCategory = z.infer<typeof dltCategory>;

export const DLT_CATEGORY_LABELS: Readonly<Record<DltCategory, string>> = {
  promotional: 'Promotional',
  transactional: 'Transactional',
  service_implicit: 'Service implicit',
  service_explicit: 'Service explicit',
};

/** Promotional headers are 6 digits; every other category's are 6 letters. */
export const DLT_HEADER_LENGTH = 6;
const PROMOTIONAL_HEADER = /^\d{6}$/;
const LETTERS_HEADER = /^[A-Za-z]{6}$/;

/** Why a header cannot carry a category, or null when it can. Says what to fix. */
export function headerProblem(header: string, category: DltCategory): string | null {
  if (category === 'promotional') {
    return PROMOTIONAL_HEADER.test(header) ? null : `A promotional header is ${DLT_HEADER_LENGTH} digits (e.g. 567890); "${header}" is not.`;
  }
  return LETTERS_HEADER.test(header)
    ? null
    : `A ${DLT_CATEGORY_LABELS[category].toLowerCase()} header is ${DLT_HEADER_LENGTH} letters (e.g. ACMEIN); "${header}" is not.`;
}

/** Promotional messages may reach Indian numbers only inside this window of India's time. */
export const DLT_ZONE = 'Asia/Kolkata';
const indiaWindow = SENDING_WINDOW_PRESETS['IN'];
if (!indiaWindow) throw new Error('the sending-window presets lost India');
export const DLT_PROMOTIONAL_WINDOW: SendingWindow = indiaWindow;

/** A principal entity ID as issued by the DLT portals: 19 digits in practice; we accept 1–30 digits. */
export const dltEntityId = z
  .string()
  .trim()
  .regex(/^\d{1,30}$/, 'A principal entity ID is digits only (19 on most portals).');
/** A DLT content template ID: digits, 19 on most portals; 1–30 accepted. */
export const dltTemplateId = z
  .string()
  .trim()
  .regex(/^\d{1,30}$/, 'A DLT template ID is digits only (19 on most portals).');
