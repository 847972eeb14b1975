import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { messyAudience, messyTruth } from '../../support/messy-audience';
import { callError, callOk, closedAfterEach, draftCampaign, ENGLISH_AND_HINDI_VARIANTS, launch, startLaunchRig, waitFor } from '../launch/support';
import { importAndWait, upload } from './support';

const open = closedAfterEach();

/** Local 10:00 two days ahead: every zone's wave is in the future and inside quiet hours' presets. */
function tenOClockInTwoDays(): { kind: 'local'; localDate: string; localTime: string } {
  return { kind: 'local', localDate: DateTime.utc().plus({ days: 2 }).toISODate() ?? '', localTime: '10:00' };
}

describe('a messy multi-country CRM export, imported and planned through the real core', () => {
  it('keeps every number in its country, every person on their own clock, and accounts for every row', { timeout: 120_000 }, async () => {
    const { core } = await startLaunchRig(open, { dataDirPrefix: 'multi-country-', synced: true });
    const file = messyAudience();
    const truth = messyTruth(file);

    const { preview, audienceId, audience } = await importAndWait(core as never, await upload(core as never, file.csv, 'crm-export.csv'), file.defaultCountry);
    // The Country column is recognised from its header, not left as a custom field.
    expect(preview.suggestedMapping).toMatchObject({ hasHeader: true, phone: 1, name: 0, language: 3, country: 2 });
    expect(preview.suggestedMapping.customFields.map((field) => field.column)).toEqual([4]);
    expect(preview).toMatchObject({ rowsExact: true, estimatedRows: truth.totalRows });

    expect(audience).toMatchObject({
      status: 'ready',
      totalRows: truth.totalRows,
      validRows: truth.validRows,
      invalidRows: truth.invalidRows,
      duplicateRows: truth.duplicateRows,
      optedOutRows: 0,
    });

    // No number changes country; every zone is the one its place keeps.
    const { recipients } = await callOk(core, 'audiences.recipients', { audienceId, afterRow: 0, offset: 0, limit: 1000, withTotal: false });
    const byPhone = new Map(recipients.map((recipient) => [recipient.phoneE164, recipient]));
    const wrong: string[] = [];
    for (const expected of truth.valid) {
      const got = byPhone.get(expected.e164);
      if (!got) wrong.push(`${expected.e164} missing`);
      else if (got.country !== expected.country || got.zone !== expected.zone)
        wrong.push(`${expected.e164}: ${got.country} ${got.zone ?? '-'} (expected ${expected.country} ${expected.zone})`);
    }
    expect(wrong).toEqual([]);
    expect(recipients).toHaveLength(truth.validRows);
    // What decided each country is recorded: rows with a Country cell, rows on the default, numbers with +code.
    expect(audience.report?.recipientsByCountrySource).toMatchObject({
      row: expect.any(Number) as number,
      default: expect.any(Number) as number,
      number: expect.any(Number) as number,
    });
    const sources = audience.report?.recipientsByCountrySource;
    expect((sources?.row ?? 0) + (sources?.default ?? 0) + (sources?.number ?? 0)).toBe(truth.validRows);
    expect(Math.min(sources?.row ?? 0, sources?.default ?? 0, sources?.number ?? 0)).toBeGreaterThan(0);

    // The plan: one wave per zone holding exactly that zone's people; the headline is the sum of the waves, and with the left out it is the file.
    const campaign = await draftCampaign(core, audienceId, {
      name: 'Multi-country spring sale',
      schedule: tenOClockInTwoDays(),
      variants: ENGLISH_AND_HINDI_VARIANTS,
    });
    const plan = await callOk(core, 'campaigns.plan', { id: campaign.id });
    const perZone = new Map<string, number>();
    for (const wave of plan.waves) perZone.set(wave.zone, (perZone.get(wave.zone) ?? 0) + wave.recipients);
    expect(Object.fromEntries(perZone)).toEqual(Object.fromEntries(truth.byZone));
    for (const wave of plan.waves) expect(DateTime.fromISO(wave.utc, { zone: wave.zone }).toFormat('HH:mm')).toBe('10:00');
    const inWaves = plan.waves.reduce((sum, wave) => sum + wave.recipients, 0);
    expect(plan.accounting.inWaves).toBe(inWaves);
    expect(plan.accounting.inWaves).toBe(truth.validRows);
    expect(plan.accounting.leftOut).toEqual([
      { reason: 'invalid', recipients: truth.invalidRows },
      { reason: 'duplicate', recipients: truth.duplicateRows },
    ]);
    expect(plan.accounting.inWaves + plan.accounting.leftOut.reduce((sum, entry) => sum + entry.recipients, 0)).toBe(plan.accounting.fileRows);
    expect(plan.accounting.fileRows).toBe(truth.totalRows);
    // Every destination of the file has a price on the sandbox's rate card (Australia included).
    expect(plan.estimate.unpriced).toEqual([]);
    expect(plan.estimate.recipients).toBe(inWaves);
    expect(plan.estimate.byCountry.find((row) => row.country === 'AU')).toMatchObject({ recipients: truth.byCountry.get('AU'), entered: false });
  });

  it('offers a way forward for a destination without a price: leave out (counted) or a price entered for this campaign', { timeout: 120_000 }, async () => {
    const { core } = await startLaunchRig(open, { dataDirPrefix: 'no-price-', synced: true });
    // Kosovo has no phone-zone data and so no price on the sandbox's card.
    const csv = ['phone,country', '98100 11111,IN', '98100 22222,IN', '044 123 456,Kosovo', '+383 44 123 457,', ''].join('\n');
    const { audienceId, audience } = await importAndWait(core as never, await upload(core as never, csv), 'IN');
    expect(audience).toMatchObject({ validRows: 4, invalidRows: 0 });
    const campaign = await draftCampaign(core, audienceId, {
      name: 'No price yet',
      fallbackZone: 'Europe/Belgrade',
      variants: [{ language: 'en', body: 'Hello', isDefault: true }],
    });
    const unpriced = await callOk(core, 'campaigns.plan', { id: campaign.id });
    expect(unpriced.estimate.unpriced).toEqual([{ country: 'XK', recipients: 2, units: 2 }]);
    expect(unpriced.accounting.inWaves).toBe(4);
    expect(await callError(core, 'campaigns.launch', { id: campaign.id, revision: campaign.revision, skipUnscheduled: true })).toMatchObject({
      code: 'CAMPAIGN_INCOMPLETE',
      field: 'noPriceChoices',
    });

    // (a) Leave them out: not in any wave, listed with the reason, and the launch goes ahead for the others.
    const leftOut = await callOk(core, 'campaigns.update', { id: campaign.id, revision: campaign.revision, noPriceChoices: { XK: { action: 'leave-out' } } });
    const planLeaving = await callOk(core, 'campaigns.plan', { id: campaign.id });
    expect(planLeaving.estimate.unpriced).toEqual([]);
    expect(planLeaving.accounting).toEqual({ fileRows: 4, inWaves: 2, leftOut: [{ reason: 'no_price', recipients: 2 }] });

    // (b) A price entered for this campaign instead: priced, and marked as entered.
    const priced = await callOk(core, 'campaigns.update', {
      id: campaign.id,
      revision: leftOut.revision,
      noPriceChoices: { XK: { action: 'price', unitPrice: '4.50' } },
    });
    const planPriced = await callOk(core, 'campaigns.plan', { id: campaign.id });
    expect(planPriced.accounting).toEqual({ fileRows: 4, inWaves: 4, leftOut: [] });
    expect(planPriced.estimate.byCountry.find((row) => row.country === 'XK')).toMatchObject({ unitPrice: '4.5', entered: true, recipients: 2 });
    expect(planPriced.estimate.byCountry.find((row) => row.country === 'IN')).toMatchObject({ entered: false });

    // Launched with the leave-out choice: the monitor and the results CSV name who was left out and why.
    await callOk(core, 'campaigns.update', { id: campaign.id, revision: priced.revision, noPriceChoices: { XK: { action: 'leave-out' } } });
    const progress = await launch(core, campaign.id);
    expect(progress.totals.recipients).toBe(2);
    expect(progress.leftOut).toEqual([{ reason: 'no_price', recipients: 2 }]);
    const results = await waitFor('results', async () => {
      const exported = await callOk(core, 'campaigns.exportResults', { id: campaign.id });
      return exported.rows === 4 ? exported : undefined;
    });
    expect(results.csv).toContain('+38344123456');
    expect(results.csv.split('\n').filter((line) => line.includes('Left out') && line.includes('no price'))).toHaveLength(2);
  });
});
