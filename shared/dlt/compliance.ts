import { z } from 'zod';
import { localPartsOf, zoneNamed } from '../math-local-time';
import { isInsideWindow } from '../quiet-hours';
import { DLT_CATEGORY_LABELS, DLT_PROMOTIONAL_WINDOW, DLT_ZONE, type DltCategory } from './categories';
import type { DltRegistryView, DltTemplateView } from './registry';
import { describeMismatch, matchDltTemplate, matchesDltTemplate, slotOnlyMismatches } from './template-match';

/**
 * Whether a campaign's messages to Indian numbers would pass the operators' DLT scrubbing, checked
 * before anything is sent: the live check of the message step and the launch's refusal both read
 * this one report. Pure: the registry, the messages and their departure times are arguments.
 */

/** Why a message to an Indian number would be dropped, in the order the check looks (one reason per recipient). */
export const dltProblems = [
  'no-entity',
  'no-template',
  'unknown-template',
  'route-category',
  'header-not-registered',
  'body-mismatch',
  'promotional-hours',
] as const;
export const dltProblem = z.enum(dltProblems);
export type DltProblem = z.infer<typeof dltProblem>;

/** Failures listed in full (the rest are counted); recipients named per failure. */
export const DLT_FAILURES_LISTED = 20;
export const DLT_RECIPIENTS_NAMED = 5;

export const dltCheckFailure = z.strictObject({
  problem: dltProblem,
  /** The variant's language. */
  variant: z.string(),
  templateId: z.string().nullable(),
  /** What is wrong and what to fix, in words. */
  message: z.string(),
  /** The first recipients it concerns (E.164), and how many in all. */
  recipients: z.array(z.string()),
  recipientCount: z.number().int(),
  /** The rendered text that does not match (body-mismatch only), with what does not match in it. */
  body: z.string().nullable(),
  mismatches: z.array(z.strictObject({ range: z.strictObject({ start: z.number().int(), end: z.number().int() }), text: z.string() })),
});
export type DltCheckFailure = z.infer<typeof dltCheckFailure>;

export const dltCheckReport = z.strictObject({
  /**
   * The DLT rules are enforced once the profile uses its registry (an entity ID, a header or a
   * template in it, or a template chosen for a variant); before that the check only reports.
   */
  enforced: z.boolean(),
  indianRecipients: z.number().int(),
  compliantRecipients: z.number().int(),
  failingRecipients: z.number().int(),
  byProblem: z.array(z.strictObject({ problem: dltProblem, recipients: z.number().int() })),
  failures: z.array(dltCheckFailure),
  /** Failures beyond the listed ones. */
  moreFailures: z.number().int(),
  /** False while the campaign has no schedule yet: the promotional hours are checked once it has. */
  hoursChecked: z.boolean(),
  variants: z.array(
    z.strictObject({ language: z.string(), templateId: z.string().nullable(), indianRecipients: z.number().int(), failingRecipients: z.number().int() }),
  ),
});
export type DltCheckReport = z.infer<typeof dltCheckReport>;

export interface DltCheckedVariant {
  readonly language: string;
  readonly dltTemplateId?: string | null | undefined;
}

/** One rendered text of one variant and the Indian numbers that receive it, leaving at one moment (null: not planned yet). */
export interface DltCheckedMessage {
  readonly variant: number;
  readonly body: string;
  readonly recipients: readonly string[];
  readonly leavesAtMs: number | null;
}

export interface DltCheckSettings {
  readonly registry: DltRegistryView;
  readonly senderId: string;
  readonly routeType: 'promotional' | 'transactional';
  readonly variants: readonly DltCheckedVariant[];
}

/** DLT applies to Indian numbers only. */
export function isIndianNumber(e164: string): boolean {
  return e164.startsWith('+91');
}

const indiaZone = zoneNamed(DLT_ZONE);

interface Verdict {
  problem: DltProblem;
  key: string;
  message: string;
  templateId: string | null;
  body: string | null;
  mismatches: DltCheckFailure['mismatches'];
}

/** The check itself: every message's verdict, grouped into failures that name their recipients. */
export function checkDltCompliance(settings: DltCheckSettings, messages: Iterable<DltCheckedMessage>): DltCheckReport {
  const { registry } = settings;
  const enforced =
    registry.entityId !== null || registry.headers.length > 0 || registry.templates.length > 0 || settings.variants.some((v) => !!v.dltTemplateId);
  const templates = new Map(registry.templates.map((template) => [template.templateId, template]));
  const sender = settings.senderId.trim();
  const bodyVerdicts: BodyVerdicts = { cache: new Map(), diagnosed: new Map(), hours: new Map() };
  const failures = new Map<string, DltCheckFailure>();
  const byProblem = new Map<DltProblem, number>();
  const perVariant = settings.variants.map((variant) => ({
    language: variant.language,
    templateId: variant.dltTemplateId ?? null,
    indianRecipients: 0,
    failingRecipients: 0,
  }));
  let indian = 0;
  let failing = 0;
  let hoursChecked = true;

  for (const message of messages) {
    if (message.recipients.length === 0) continue;
    const count = message.recipients.length;
    indian += count;
    const tally = perVariant[message.variant];
    if (tally) tally.indianRecipients += count;
    if (message.leavesAtMs === null) hoursChecked = false;
    const variant = settings.variants[message.variant] ?? { language: '?', dltTemplateId: null };
    const verdict = enforced ? verdictOf(settings, sender, templates, variant, message, bodyVerdicts) : null;
    if (verdict === null) continue;
    failing += count;
    if (tally) tally.failingRecipients += count;
    byProblem.set(verdict.problem, (byProblem.get(verdict.problem) ?? 0) + count);
    const failure = failures.get(verdict.key);
    if (failure) {
      failure.recipientCount += count;
      for (const recipient of message.recipients) {
        if (failure.recipients.length >= DLT_RECIPIENTS_NAMED) break;
        failure.recipients.push(recipient);
      }
    } else {
      failures.set(verdict.key, {
        problem: verdict.problem,
        variant: variant.language,
        templateId: verdict.templateId,
        message: verdict.message,
        recipients: message.recipients.slice(0, DLT_RECIPIENTS_NAMED),
        recipientCount: count,
        body: verdict.body,
        mismatches: verdict.mismatches,
      });
    }
  }
  const listed = [...failures.values()];
  return {
    enforced,
    indianRecipients: indian,
    compliantRecipients: indian - failing,
    failingRecipients: failing,
    byProblem: dltProblems.filter((problem) => byProblem.has(problem)).map((problem) => ({ problem, recipients: byProblem.get(problem) ?? 0 })),
    failures: listed.slice(0, DLT_FAILURES_LISTED),
    moreFailures: Math.max(0, listed.length - DLT_FAILURES_LISTED),
    hoursChecked: hoursChecked || indian === 0,
    variants: perVariant,
  };
}

function verdictOf(
  settings: DltCheckSettings,
  sender: string,
  templates: ReadonlyMap<string, DltTemplateView>,
  variant: DltCheckedVariant,
  message: DltCheckedMessage,
  bodyVerdicts: BodyVerdicts,
): Verdict | null {
  const language = variant.language;
  const base = { templateId: variant.dltTemplateId ?? null, body: null, mismatches: [] };
  if (settings.registry.entityId === null) {
    return {
      ...base,
      problem: 'no-entity',
      key: 'no-entity',
      message: 'No principal entity ID is set for this profile. Enter the one your DLT portal issued under DLT (India).',
    };
  }
  const templateId = variant.dltTemplateId ?? null;
  if (templateId === null) {
    return {
      ...base,
      problem: 'no-template',
      key: `no-template:${message.variant}`,
      message: `The ${language} message goes to Indian numbers without a DLT template. Choose the registered template it follows in the message step.`,
    };
  }
  const template = templates.get(templateId);
  if (!template) {
    return {
      ...base,
      problem: 'unknown-template',
      key: `unknown-template:${message.variant}`,
      message: `Template ${templateId} of the ${language} message is not in this profile's DLT registry. Choose another one, or add it under DLT (India).`,
    };
  }
  const routeProblem = routeCategoryProblem(template, settings.routeType);
  if (routeProblem) return { ...base, problem: 'route-category', key: `route-category:${message.variant}`, message: routeProblem };
  const headerProblem = headerRegistrationProblem(settings.registry, template, sender);
  if (headerProblem) return { ...base, problem: 'header-not-registered', key: `header:${message.variant}`, message: headerProblem };

  // A matching text costs one regex, as cheap as a lookup: only failures are remembered (bounded,
  // as personalised texts rarely repeat), so a text failing many times is explained once.
  if (!matchesDltTemplate(template.text, message.body)) {
    const bodyKey = `${message.variant}\u0000${message.body}`;
    let bodyVerdict = bodyVerdicts.cache.get(bodyKey);
    if (bodyVerdict === undefined) {
      bodyVerdict = bodyVerdictOf(template, language, message, bodyVerdicts);
      if (bodyVerdicts.cache.size >= BODY_CACHE_LIMIT) bodyVerdicts.cache.clear();
      bodyVerdicts.cache.set(bodyKey, bodyVerdict);
    }
    if (bodyVerdict) return bodyVerdict;
  }

  if (template.category === 'promotional' && message.leavesAtMs !== null) {
    const outside = outsidePromotionalHours(message.leavesAtMs, bodyVerdicts.hours);
    if (outside !== null) {
      const { at, date } = outside;
      return {
        ...base,
        problem: 'promotional-hours',
        key: `hours:${message.variant}:${date} ${at}`,
        message:
          `Promotional messages may reach Indian numbers only from ${DLT_PROMOTIONAL_WINDOW.from} to ${DLT_PROMOTIONAL_WINDOW.until} India time; ` +
          `these would leave at ${at} on ${date}. Choose a time inside those hours.`,
      };
    }
  }
  return null;
}

const BODY_CACHE_LIMIT = 10_000;

/** India's wall time of a departure outside the promotional window, or null inside it; requests share departures, so each is worked out once. */
function outsidePromotionalHours(leavesAtMs: number, cache: Map<number, { at: string; date: string } | null>): { at: string; date: string } | null {
  const known = cache.get(leavesAtMs);
  if (known !== undefined) return known;
  const local = localPartsOf(indiaZone, leavesAtMs);
  const outside = isInsideWindow(DLT_PROMOTIONAL_WINDOW, local.weekday, local.minute)
    ? null
    : {
        at: `${String(Math.floor(local.minute / 60)).padStart(2, '0')}:${String(local.minute % 60).padStart(2, '0')}`,
        date: `${local.date.year}-${String(local.date.month).padStart(2, '0')}-${String(local.date.day).padStart(2, '0')}`,
      };
  if (cache.size >= BODY_CACHE_LIMIT) cache.clear();
  cache.set(leavesAtMs, outside);
  return outside;
}
/** Texts whose wording differs get the full alignment (what differs, where) this many times per variant; later ones are counted with the same words. */
const WORDING_DIAGNOSES_PER_VARIANT = 50;

interface BodyVerdicts {
  readonly cache: Map<string, Verdict | null>;
  /** Wording alignments made so far, per variant. */
  readonly diagnosed: Map<number, number>;
  /** Each departure's verdict on the promotional hours. */
  readonly hours: Map<number, { at: string; date: string } | null>;
}

/**
 * Whether a text matches its template and, when not, its failure. Personalised texts that fail the
 * same way are one failure (keyed by what is wrong, not by the text), shown with the first text as
 * the example: slot problems are found by one regex; a changed wording needs the alignment, made
 * for the first texts of a variant only, since a wording error is the variant's and repeats in
 * every recipient's text.
 */
function bodyVerdictOf(template: DltTemplateView, language: string, message: DltCheckedMessage, verdicts: BodyVerdicts): Verdict | null {
  if (matchesDltTemplate(template.text, message.body)) return null;
  const base = { problem: 'body-mismatch' as const, templateId: template.templateId, body: message.body };
  const advice = 'Edit the message to follow the registered text.';
  const slotOnly = slotOnlyMismatches(template.text, message.body);
  if (slotOnly !== null) {
    const first = slotOnly[0];
    return {
      ...base,
      key: `slots:${message.variant}:${slotOnly.map((mismatch) => `${mismatch.kind}${'slot' in mismatch ? mismatch.slot : ''}`).join(',')}`,
      mismatches: slotOnly.map((mismatch) => ({ range: { ...mismatch.range }, text: describeMismatch(mismatch, message.body) })),
      message:
        `The ${language} message does not fit template ${template.templateId}: ` +
        `${first ? describeMismatch(first, message.body) : 'a variable breaks its limits.'} Shorten what fills that variable.`,
    };
  }
  const diagnosed = verdicts.diagnosed.get(message.variant) ?? 0;
  if (diagnosed >= WORDING_DIAGNOSES_PER_VARIANT) {
    return {
      ...base,
      key: `wording-more:${message.variant}`,
      mismatches: [],
      message: `The ${language} message does not match the wording of template ${template.templateId}. ${advice}`,
    };
  }
  verdicts.diagnosed.set(message.variant, diagnosed + 1);
  const match = matchDltTemplate(template.text, message.body);
  const lines = match.mismatches.map((mismatch) => describeMismatch(mismatch, message.body));
  return {
    ...base,
    key: `wording:${message.variant}:${lines.join('\u0000')}`,
    mismatches: match.mismatches.map((mismatch, at) => ({ range: { ...mismatch.range }, text: lines[at] ?? '' })),
    message: `The ${language} message does not match template ${template.templateId}: ${lines[0] ?? 'the text differs.'} ${advice}`,
  };
}

/** A promotional template goes on the promotional route, the other categories on the transactional one. */
function routeCategoryProblem(template: DltTemplateView, routeType: 'promotional' | 'transactional'): string | null {
  const promotional = template.category === 'promotional';
  if (promotional && routeType === 'transactional') {
    return (
      `Template ${template.templateId} is registered as promotional, but the campaign is sent as transactional. ` +
      'Make the campaign promotional, or choose a transactional or service template.'
    );
  }
  if (!promotional && routeType === 'promotional') {
    return (
      `Template ${template.templateId} is registered as ${label(template.category)}, but the campaign is sent as promotional. ` +
      'Make the campaign transactional, or choose a promotional template.'
    );
  }
  return null;
}

/** The sender must be the template's header and registered for the template's category. */
function headerRegistrationProblem(registry: DltRegistryView, template: DltTemplateView, sender: string): string | null {
  const registered = registry.headers.some((header) => header.header === sender && header.category === template.category);
  if (!registered) {
    return (
      `The sender ID "${sender}" is not registered for ${label(template.category)} messages in the DLT registry. ` +
      `Send with a header registered for that category (template ${template.templateId} is under ${template.header}), or register it under DLT (India).`
    );
  }
  if (template.header !== sender) {
    return (
      `Template ${template.templateId} is registered under the header ${template.header}, not "${sender}". ` +
      `Send with ${template.header}, or choose a template registered under ${sender}.`
    );
  }
  return null;
}

function label(category: DltCategory): string {
  return DLT_CATEGORY_LABELS[category].toLowerCase();
}
