import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../../sandbox/server';
import { SEEDED_TEMPLATES } from '../../../sandbox/domain/seed-templates';
import { DLT_CATEGORY_LABELS } from '../../../shared/dlt/categories';
import { startFaultProxy } from '../../support/fault-proxy';
import { startTestCore } from '../app/support';
import {
  callError,
  callOk,
  closedAfterEach,
  draftCampaign,
  FAST_CAMPAIGN_OPTIONS,
  launch,
  pullFinalStatuses,
  seedAudience,
  tempDir,
  waitUntilSent,
} from '../launch/support';

const open = closedAfterEach();

const ENTITY = '1101456789012345678';
const PROMO = SEEDED_TEMPLATES[0];
if (!PROMO || PROMO.category !== 'promotional') throw new Error('the sandbox seeds a promotional template first');

/** The sandbox's registration as a DLT portal exports it: semicolons, a BOM, its own column names, one rejected row. */
function portalExport(): string {
  const header = ['PE ID', 'Content Template ID', 'Template Name', 'Content Type', 'Header', 'Template Message', 'Template Status'];
  const rows = SEEDED_TEMPLATES.map((template) => [
    ENTITY,
    template.templateId,
    `T${template.templateId.slice(-3)}`,
    DLT_CATEGORY_LABELS[template.category ?? 'transactional'],
    template.header,
    template.text,
    'Approved',
  ]);
  rows.push([ENTITY, '1107161234567899999', 'Old', 'Promotional', '567890', 'Old sale {#var#}', 'Rejected']);
  const cell = (value: string | null) => (value === null ? '' : /[";\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  return `\uFEFF${[header, ...rows].map((row) => row.map(cell).join(';')).join('\r\n')}\r\n`;
}

/**
 * The regional team (AcmeNorth, whose DLT registration the sandbox seeds) with scrubbing on, its
 * requests seen through a recording proxy, on one clock for both sides set to noon in India.
 */
async function indianTeam() {
  const noonIst = DateTime.fromISO('2026-12-02T12:00', { zone: 'Asia/Kolkata' }).toMillis();
  const shift = noonIst - Date.now();
  const clock = () => Date.now() + shift;
  const sandbox = await startSandbox({ dataDir: tempDir('dlt-launch-sandbox-'), port: 0, deliveryTickMs: 0, rateLimit: 'off', clock: { now: clock } });
  open.push(sandbox);
  const north = sandbox.accounts.find((account) => account.billing === 'prepaid')?.subaccounts.find((sub) => sub.name === 'AcmeNorth');
  if (!north) throw new Error('no AcmeNorth');
  sandbox.setDltScrubbing(north.sid, true);
  const proxy = await startFaultProxy(sandbox.url);
  open.push(proxy);
  const dataDir = tempDir('dlt-launch-core-');
  const core = await startTestCore(dataDir, { url: proxy.url, sid: north.sid, apiKey: north.apiKey, name: north.name, role: 'subaccount' }, false, [], {
    campaigns: FAST_CAMPAIGN_OPTIONS,
    clock,
  });
  open.push(core);
  await callOk(core, 'sync.now');
  const imported = await callOk(core, 'dlt.importCsv', { text: portalExport() });
  expect(imported).toMatchObject({ added: SEEDED_TEMPLATES.length, skipped: 1, invalid: 0, entityId: ENTITY });
  return { sandbox, north, proxy, core, dataDir };
}

/** A CRM's customers: Indian numbers (one on the do-not-disturb registry, one with a name far over a variable's 30 characters) and two in the US. */
const LONG_NAME = 'Venkatanarasimharajuvaripeta Subrahmanyam';
const customers = [
  { phone: '+919812300015', country: 'IN', zone: 'Asia/Kolkata', name: 'Asha', fields: { discount: '20%' } },
  { phone: '+919812300025', country: 'IN', zone: 'Asia/Kolkata', name: 'Ravi Kumar', fields: { discount: '₹500' } },
  { phone: '+919812300035', country: 'IN', zone: 'Asia/Kolkata', name: LONG_NAME, fields: { discount: '15%' } },
  { phone: '+919812349995', country: 'IN', zone: 'Asia/Kolkata', name: 'Meera', fields: { discount: '20%' } },
  { phone: '+12125550105', country: 'US', zone: 'America/New_York', name: 'John', fields: { discount: '20%' } },
  { phone: '+12125550115', country: 'US', zone: 'America/New_York', name: 'Mary', fields: { discount: '20%' } },
];
const indian = customers.filter((customer) => customer.country === 'IN');
const BODY = 'Hi {{name}}, the Acme festive sale is on: {{discount}} off in store and online till Sunday. Reply STOP to opt out.';
const FIXED_BODY = 'Hi {{first_name|there}}, the Acme festive sale is on: {{discount}} off in store and online till Sunday. Reply STOP to opt out.';

function audienceOf(dataDir: string): string {
  return seedAudience(
    dataDir,
    customers.map((customer) => ({ ...customer, fields: { ...customer.fields, first_name: customer.name.split(' ')[0] ?? '' } })),
  );
}

describe('DLT at launch', () => {
  it('refuses a launch whose texts or header break the registration, naming recipients and reasons; sends the fixed one with template_id', async () => {
    const { sandbox, proxy, core, dataDir } = await indianTeam();
    const audienceId = audienceOf(dataDir);
    const variant = { language: 'en', body: BODY, isDefault: true, dltTemplateId: PROMO.templateId };
    const draft = await draftCampaign(core, audienceId, {
      senderId: PROMO.header,
      routeType: 'promotional',
      quietHours: { mode: 'presets' },
      variants: [variant],
    });
    expect((await callOk(core, 'campaigns.get', { id: draft.id })).variants[0]).toEqual({ ...variant, dltSend: 'text' });

    // The live check sees every Indian recipient: only the long name overflows its variable.
    const check = await callOk(core, 'campaigns.dltCheck', { id: draft.id });
    expect(check).toMatchObject({ enforced: true, indianRecipients: indian.length, failingRecipients: 1, hoursChecked: true });
    expect(check.failures).toHaveLength(1);
    expect(check.failures[0]).toMatchObject({ problem: 'body-mismatch', recipients: ['+919812300035'], recipientCount: 1 });
    expect(check.failures[0]?.mismatches.map((mismatch) => mismatch.text)).toEqual([
      `Variable 1 holds ${LONG_NAME.length} characters; a variable may hold at most 30.`,
    ]);

    const refused = await callError(core, 'campaigns.launch', { id: draft.id, revision: draft.revision });
    expect(refused).toMatchObject({ code: 'CAMPAIGN_INCOMPLETE', field: 'dlt' });
    expect(refused.message).toMatch(/1 of 4 Indian recipients/);
    expect(refused.message).toContain('+919812300035');
    expect(refused.message).toMatch(/Variable 1 holds 41 characters/);
    expect(proxy.timeline.filter((entry) => entry.key.startsWith('POST /v'))).toEqual([]);

    // A header registered for another category: every Indian recipient is named in the refusal.
    const wrongHeader = await callOk(core, 'campaigns.update', {
      id: draft.id,
      revision: draft.revision,
      senderId: 'ACMENR',
      variants: [{ ...variant, body: FIXED_BODY }],
    });
    const headerRefusal = await callError(core, 'campaigns.launch', { id: draft.id, revision: wrongHeader.revision });
    expect(headerRefusal.message).toMatch(/"ACMENR" is not registered for promotional messages/);
    expect(headerRefusal.message).toMatch(/4 of 4 Indian recipients/);

    // Without the principal entity ID nothing goes either.
    const fixed = await callOk(core, 'campaigns.update', { id: draft.id, revision: wrongHeader.revision, senderId: PROMO.header });
    await callOk(core, 'dlt.setEntityId', { entityId: null });
    expect((await callError(core, 'campaigns.launch', { id: draft.id, revision: fixed.revision })).message).toMatch(/No principal entity ID/);
    await callOk(core, 'dlt.setEntityId', { entityId: ENTITY });

    // Fixed: first names only. Launched; each request to Indian numbers carries the template's ID.
    expect((await callOk(core, 'campaigns.dltCheck', { id: draft.id })).failingRecipients).toBe(0);
    await launch(core, draft.id);
    await waitUntilSent(core, draft.id);
    const sends = proxy.timeline
      .filter((entry) => entry.key.startsWith('POST /v1/'))
      .map((entry) => JSON.parse(entry.body) as { to: string; template_id?: string; body: string });
    expect(sends.map((send) => send.to).sort()).toEqual(customers.map((customer) => customer.phone).sort());
    for (const send of sends) expect(send.template_id).toBe(send.to.startsWith('+91') ? PROMO.templateId : undefined);

    // The sandbox scrubbed with that template: the do-not-disturb number is NotSent, the other Indian ones
    // delivered; the US ones wait at the API for 08:00 in New York (promotional hours there).
    await pullFinalStatuses(core, sandbox);
    const progress = await callOk(core, 'campaigns.progress', { id: draft.id });
    expect(progress.totals).toMatchObject({ recipients: customers.length, delivered: indian.length - 1, notSent: 1, scheduled: 2 });
    expect(progress.undeliveredByReason).toEqual([{ reason: 'DND-NUMB', count: 1 }]);
  });

  it('sends a variant as a template stored at Kaleyra: POST /v2 with template_id and the variables', async () => {
    const { sandbox, proxy, core, dataDir } = await indianTeam();
    const audienceId = audienceOf(dataDir);
    const draft = await draftCampaign(core, audienceId, {
      senderId: PROMO.header,
      routeType: 'promotional',
      quietHours: { mode: 'presets' },
      variants: [{ language: 'en', body: FIXED_BODY, isDefault: true, dltTemplateId: PROMO.templateId, dltSend: 'stored-template' }],
    });
    // A test send to an Indian number carries the variant's template too.
    await callOk(core, 'campaigns.testSend', { id: draft.id, phone: '98123 00099', defaultCountry: 'IN' });
    const testSend = proxy.timeline.filter((entry) => entry.key.startsWith('POST /v1/')).map((entry) => JSON.parse(entry.body) as Record<string, unknown>);
    expect(testSend).toEqual([expect.objectContaining({ to: '+919812300099', template_id: PROMO.templateId })]);
    proxy.timeline.splice(0);

    await launch(core, draft.id);
    await waitUntilSent(core, draft.id);
    const templateSends = proxy.timeline.filter((entry) => entry.key.startsWith('POST /v2/')).map((entry) => JSON.parse(entry.body) as Record<string, unknown>);
    const bySender = new Map(templateSends.map((send) => [send['to'], send]));
    expect(bySender.get('+919812300025')).toMatchObject({ template_id: PROMO.templateId, template_data: { var1: 'Ravi', var2: '₹500' } });
    expect(bySender.get('+919812300025')).not.toHaveProperty('body');
    // Requests with no Indian number go as text, without template_id.
    const textSends = proxy.timeline.filter((entry) => entry.key.startsWith('POST /v1/')).map((entry) => JSON.parse(entry.body) as Record<string, unknown>);
    expect(textSends.every((send) => String(send['to']).startsWith('+1') && !('template_id' in send))).toBe(true);
    await pullFinalStatuses(core, sandbox);
    const progress = await callOk(core, 'campaigns.progress', { id: draft.id });
    expect(progress.totals).toMatchObject({ delivered: indian.length - 1, notSent: 1, scheduled: 2 });
  });
});
