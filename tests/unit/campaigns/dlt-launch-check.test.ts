import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { readAudienceSnapshotInSlices } from '../../../electron/core/campaigns/audience-snapshot';
import { planCampaign } from '../../../electron/core/campaigns/campaign-planner';
import { assertDltCompliant, dltMessagesOfPlanning, dltRequestFields } from '../../../electron/core/campaigns/dlt-launch-check';
import { AudiencesRepository } from '../../../electron/core/store/audiences-repository';
import type { CampaignRecord } from '../../../electron/core/store/campaigns-repository';
import { openDatabase } from '../../../electron/core/store/database';
import { DltRegistryRepository } from '../../../electron/core/store/dlt-registry-repository';
import { DeskError } from '../../../shared/errors';

const PROMO = '1107161234567890001';
const TEXT = 'Hi {#var#}, the Acme festive sale is on: {#var#} off. Reply STOP to opt out.';
const AT = '2026-12-02T00:00:00.000Z';
/** 11:00 in India on the send day: inside the promotional hours. */
const NOW = DateTime.fromISO('2026-12-02T11:00', { zone: 'Asia/Kolkata' }).toUTC().toISO() ?? '';

/** A store with one profile, its DLT registry and an audience: Indian numbers in English and Hindi, and US ones. */
function store() {
  const db = openDatabase(':memory:');
  db.prepare(
    'INSERT INTO profiles (id, display_name, kind, base_url, sid, role, created_at_ms) ' +
      "VALUES ('p', 'AcmeNorth', 'sandbox', 'http://127.0.0.1:1', 'HXIN1_1', 'subaccount', @atMs)",
  ).run({ atMs: Date.parse(AT) });
  new DltRegistryRepository(db).importRegistry(
    'p',
    {
      entityId: '1101456789012345678',
      headers: [{ header: '567890', category: 'promotional' }],
      templates: [{ templateId: PROMO, name: '', header: '567890', category: 'promotional', text: TEXT }],
    },
    AT,
  );
  const audiences = new AudiencesRepository(db);
  audiences.create({ id: 'a', profileId: 'p', name: 'Festive', sourceName: null, customFields: ['discount'] }, AT);
  const people = [
    ...Array.from({ length: 150 }, (_, i) => ({
      phone: `+9198123${String(i).padStart(5, '0')}`,
      country: 'IN',
      zone: 'Asia/Kolkata',
      language: i % 3 === 0 ? 'hi' : 'en',
      name: i === 7 ? 'Venkatanarasimharajuvaripeta Subrahmanyam' : `P${i}`,
    })),
    ...Array.from({ length: 20 }, (_, i) => ({ phone: `+1212555${String(1000 + i)}`, country: 'US', zone: 'Asia/Kolkata', language: 'en', name: `U${i}` })),
  ];
  audiences.appendBatch(
    'a',
    people.map((person, index) => ({
      rowNumber: index + 1,
      phoneE164: person.phone,
      country: person.country,
      zone: person.zone,
      zoneSource: 'column' as const,
      zoneCandidates: null,
      language: person.language,
      name: person.name,
      fields: { discount: '20%' },
    })),
    [],
    { totalRows: people.length, validRows: people.length, invalidRows: 0, duplicateRows: 0, optedOutRows: 0 },
    AT,
  );
  audiences.setStatus('a', 'ready', AT);
  return { db, audiences, people };
}

function campaign(patch: Partial<CampaignRecord> = {}): CampaignRecord {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    profileId: 'p',
    name: 'Festive',
    audienceId: 'a',
    senderId: '567890',
    routeType: 'promotional',
    schedule: { kind: 'now' },
    whenPassed: null,
    windowEnd: null,
    quietHours: { mode: 'presets' },
    fallbackZone: null,
    budgetMinor: null,
    variants: [
      {
        language: 'en',
        body: 'Hi {{name}}, the Acme festive sale is on: {{discount}} off. Reply STOP to opt out.',
        isDefault: true,
        dltTemplateId: PROMO,
        dltSend: 'stored-template',
      },
      { language: 'hi', body: 'नमस्ते {{name}}, Acme सेल: {{discount}} की छूट।', isDefault: false },
    ],
    throttlePerMinute: null,
    frequencyCapHours: null,
    noPriceChoices: {},
    status: 'draft',
    revision: 1,
    blockedReason: null,
    accountSid: null,
    currency: null,
    createdAt: AT,
    updatedAt: AT,
    launchedAtMs: null,
    ...patch,
  };
}

async function planned(record: CampaignRecord, audiences: AudiencesRepository) {
  const snapshot = await readAudienceSnapshotInSlices(audiences, 'a', record.variants);
  const settings = {
    schedule: record.schedule ?? { kind: 'now' as const },
    whenPassed: null,
    windowEnd: null,
    quietHours: record.quietHours,
    fallbackZone: null,
    throttlePerMinute: null,
    routeType: record.routeType,
  };
  return planCampaign(snapshot, settings, null, NOW);
}

describe('DLT at launch (core)', () => {
  it('checks only Indian recipients, each with its own variant and departure, and names them in the refusal', async () => {
    const { db, audiences } = store();
    const record = campaign();
    const planning = await planned(record, audiences);
    const messages = [...dltMessagesOfPlanning(planning)];
    const recipients = messages.flatMap((message) => message.recipients);
    expect(recipients).toHaveLength(150);
    expect(recipients.every((phone) => phone.startsWith('+91'))).toBe(true);
    expect(new Set(messages.map((message) => message.variant))).toEqual(new Set([0, 1]));
    expect(messages.every((message) => message.leavesAtMs === Date.parse(NOW))).toBe(true);

    let refusal: unknown;
    try {
      assertDltCompliant(db, 'p', record, planning);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DeskError);
    const { message, details } = refusal as DeskError;
    expect(details.field).toBe('dlt');
    // 50 Hindi recipients have no template; recipient 7 (English) overflows its name.
    expect(message).toMatch(/^DLT: 51 of 150 Indian recipients would be dropped/);
    expect(message).toContain('+919812300007');
    expect(message).toMatch(/hi message goes to Indian numbers without a DLT template/);
  });

  it('gives a request to Indian numbers its template_id (and the variables of a template send); others none', async () => {
    const { db, audiences } = store();
    const record = campaign();
    const planning = await planned(record, audiences);
    const fieldsOf = dltRequestFields(db, 'p', record, planning.snapshot);
    const requests = planning.requests.flatMap((wave) => wave.requests);
    const phoneOf = (member: number) => planning.snapshot.phones[member] ?? '';
    const english = requests.find((request) => phoneOf(request.members[0] ?? -1) === '+919812300001');
    const us = requests.find((request) => phoneOf(request.members[0] ?? -1).startsWith('+1'));
    const hindi = requests.find((request) => phoneOf(request.members[0] ?? -1) === '+919812300003');
    expect(english && fieldsOf(english.members, english.body)).toEqual({ dltTemplateId: PROMO, templateData: { var1: 'P1', var2: '20%' } });
    expect(us && fieldsOf(us.members, us.body)).toEqual({});
    expect(hindi && fieldsOf(hindi.members, hindi.body)).toEqual({});
    const asText = dltRequestFields(
      db,
      'p',
      campaign({ variants: record.variants.map((variant) => ({ ...variant, dltSend: 'text' as const })) }),
      planning.snapshot,
    );
    expect(english && asText(english.members, english.body)).toEqual({ dltTemplateId: PROMO, templateData: null });
  });
});
