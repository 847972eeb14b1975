import { templateDataKey } from '../kaleyra/sms';
import { matchDltTemplate } from './template-match';

/**
 * The `template_data` of Kaleyra's template send (`POST /v2/{sid}/sms`) that renders `body` from
 * the stored text: each slot's value as the matcher aligned it (`var1`, `var2`, …). Null when the
 * body does not match, so a request never asks the platform to render a different text.
 */
export function templateDataFor(registeredText: string, body: string): Record<string, string> | null {
  const match = matchDltTemplate(registeredText, body);
  if (!match.matches) return null;
  return Object.fromEntries(match.slots.map((range, index) => [templateDataKey(index), body.slice(range.start, range.end)]));
}
