import { checkDltCompliance, isIndianNumber, type DltCheckedMessage, type DltCheckReport } from '../../../shared/dlt/compliance';
import { templateDataFor } from '../../../shared/dlt/template-data';
import { DeskError } from '../../../shared/errors';
import type { OutboxDltFields } from '../store/outbox-repository';
import type { CampaignRecord } from '../store/campaigns-repository';
import type { SqliteDatabase } from '../store/database';
import { DltRegistryRepository } from '../store/dlt-registry-repository';
import { MINUTE } from '../time';
import type { AudienceSnapshot } from './audience-snapshot';
import type { CampaignPlanning } from './campaign-planner';

/**
 * India's DLT rules at launch: the launch is refused, naming recipients and reasons, when a message
 * to an Indian number would be dropped by the operators (shared/dlt/compliance.ts); and each
 * request to Indian numbers carries its template's `template_id` (and, for Kaleyra's template
 * send, the variables that render its body).
 */

const registries = new WeakMap<SqliteDatabase, DltRegistryRepository>();
function registryOf(db: SqliteDatabase): DltRegistryRepository {
  let registry = registries.get(db);
  if (!registry) {
    registry = new DltRegistryRepository(db);
    registries.set(db, registry);
  }
  return registry;
}

/** Each planned request's Indian recipients, per variant, with the moment the request leaves. */
export function* dltMessagesOfPlanning(planning: CampaignPlanning): Generator<DltCheckedMessage> {
  const { snapshot } = planning;
  for (const wave of planning.requests) {
    for (const request of wave.requests) {
      yield* indianMessages(snapshot, request.members, request.body, wave.startMs + request.offsetMinutes * MINUTE);
    }
  }
}

/** Every recipient's rendered text, before a schedule exists: grouped by variant and text, times unknown. */
export function* dltMessagesOfSnapshot(snapshot: AudienceSnapshot): Generator<DltCheckedMessage> {
  const groups = new Map<string, { variant: number; body: string; recipients: string[] }>();
  for (let member = 0; member < snapshot.count; member++) {
    const phone = snapshot.phones[member] ?? '';
    if (!isIndianNumber(phone)) continue;
    const variant = snapshot.columns.variant?.[member] ?? 0;
    const body = snapshot.bodies[member] ?? '';
    const key = `${variant}\u0000${body}`;
    const group = groups.get(key);
    if (group) group.recipients.push(phone);
    else groups.set(key, { variant, body, recipients: [phone] });
  }
  for (const group of groups.values()) yield { ...group, leavesAtMs: null };
}

function* indianMessages(snapshot: AudienceSnapshot, members: readonly number[], body: string, leavesAtMs: number): Generator<DltCheckedMessage> {
  // Two variants may render the same text into one request: each keeps its own template.
  const byVariant = new Map<number, string[]>();
  for (const member of members) {
    const phone = snapshot.phones[member] ?? '';
    if (!isIndianNumber(phone)) continue;
    const variant = snapshot.columns.variant?.[member] ?? 0;
    const list = byVariant.get(variant);
    if (list) list.push(phone);
    else byVariant.set(variant, [phone]);
  }
  for (const [variant, recipients] of byVariant) yield { variant, body, recipients, leavesAtMs };
}

export function dltReport(db: SqliteDatabase, profileId: string, record: CampaignRecord, messages: Iterable<DltCheckedMessage>): DltCheckReport {
  return checkDltCompliance(
    { registry: registryOf(db).registry(profileId), senderId: record.senderId, routeType: record.routeType, variants: record.variants },
    messages,
  );
}

/** Refuses the launch when any message to an Indian number would be dropped under DLT, naming recipients and reasons. */
export function assertDltCompliant(db: SqliteDatabase, profileId: string, record: CampaignRecord, planning: CampaignPlanning): void {
  const report = dltReport(db, profileId, record, dltMessagesOfPlanning(planning));
  if (report.failingRecipients === 0) return;
  throw new DeskError('CAMPAIGN_INCOMPLETE', refusalMessage(report), { field: 'dlt' });
}

/** "DLT: 3 of 40 Indian recipients would be dropped. …reason (+91…, +91… and 1 more)." */
export function refusalMessage(report: DltCheckReport): string {
  const shown = report.failures.slice(0, 3).map((failure) => {
    const others = failure.recipientCount - failure.recipients.length;
    const named = `${failure.recipients.join(', ')}${others > 0 ? ` and ${others} more` : ''}`;
    return `${failure.message} (${named})`;
  });
  const otherFailures = report.failures.length - shown.length + report.moreFailures;
  return [
    `DLT: ${report.failingRecipients} of ${report.indianRecipients} Indian recipients would be dropped by the operators, so nothing was sent.`,
    ...shown,
    ...(otherFailures > 0 ? [`${otherFailures} more problem(s) are listed in the message step's DLT check.`] : []),
  ].join(' ');
}

/** For the launch's requests: the DLT fields of a request, from its first Indian recipient's variant (none without one). */
export function dltRequestFields(
  db: SqliteDatabase,
  profileId: string,
  record: CampaignRecord,
  snapshot: AudienceSnapshot,
): (members: readonly number[], body: string) => Partial<OutboxDltFields> {
  const registry = registryOf(db).registry(profileId);
  const texts = new Map(registry.templates.map((template) => [template.templateId, template.text]));
  return (members, body) => {
    const member = members.find((candidate) => isIndianNumber(snapshot.phones[candidate] ?? ''));
    if (member === undefined) return {};
    const variant = record.variants[snapshot.columns.variant?.[member] ?? 0];
    const templateId = variant?.dltTemplateId ?? null;
    if (templateId === null) return {};
    const text = texts.get(templateId);
    const templateData = variant?.dltSend === 'stored-template' && text !== undefined ? templateDataFor(text, body) : null;
    return { dltTemplateId: templateId, templateData };
  };
}
