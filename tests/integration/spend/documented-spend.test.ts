import { describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../../sandbox/server';
import { decimalText } from '../../../electron/core/campaigns/account-funds';
import { pricingResponse } from '../../../shared/kaleyra/sms';
import { parseMajorToMinor } from '../../../shared/money';
import { analyzeSms } from '../../../shared/sms';
import { renderBody } from '../../../shared/personalisation';
import {
  callError,
  callOk,
  closedAfterEach,
  dayEitherSideOfNow,
  draftCampaign,
  freshSpendSummary,
  launch,
  regionalTeamAccount,
  seedAudience,
  type SeedRecipient,
  startDocumentedOnlySandbox,
  startLaunchCore,
  tempDir,
  waitUntilSent,
} from '../launch/support';

const open = closedAfterEach();

/**
 * The regional team's campaign on the sandbox's documented-only listener from the very start: no
 * balance, no rate card, no message log. The team types its contract's prices, caps the campaign
 * with a budget and launches; the actual spend is computed from the documented status API and
 * must equal the sandbox's ledger to the minor unit.
 */

/**
 * The price list of the team's contract, as Kaleyra gives it to a customer outside the API: here
 * read from the full sandbox's rate card [ours], which the documented-only listener does not serve.
 */
async function priceList(sandbox: RunningSandbox, account: { sid: string; apiKey: string }, countries: readonly string[]): Promise<Record<string, string>> {
  const response = await fetch(`${sandbox.url}/v1/${account.sid}/pricing`, { headers: { 'api-key': account.apiKey } });
  const card = pricingResponse.parse(await response.json());
  return Object.fromEntries(
    card.data
      .filter((entry) => countries.includes(entry.country.toUpperCase()))
      .map((entry) => [entry.country.toUpperCase(), decimalText(entry.price_per_unit)]),
  );
}

const OPTED_OUT = ['+919812340128', '+919812340163'];

const VARIANTS = [
  {
    language: 'en',
    isDefault: true,
    // Personalised: each recipient's own request; long names push some into a third part.
    body:
      'Hi {{first_name|there}}, your Acme Rewards statement is ready: 1,250 points earned this quarter, 300 expire on 31 March. ' +
      'Visit acme.example/rewards to redeem. STOP to opt out',
  },
  {
    language: 'hi',
    isDefault: false,
    body: 'नमस्ते! आपका Acme रिवॉर्ड्स विवरण तैयार है: इस तिमाही 1,250 अंक मिले, 300 अंक 31 मार्च को समाप्त होंगे। acme.example/rewards पर भुनाएँ।',
  },
  {
    language: 'ar',
    isDefault: false,
    body: 'مرحباً! كشف نقاط Acme جاهز: ربحت 1,250 نقطة هذا الربع، وتنتهي 300 نقطة في 31 مارس. استبدلها على acme.example/rewards',
  },
];

interface Generated extends SeedRecipient {
  /** The platform's outcome: by the last four digits (sandbox/README.md, delivery simulation), or refused because the number answered STOP. */
  outcome: 'delivered' | 'undelivered' | 'opted-out';
}

/** A CRM's export: several countries and languages, first names missing or long, some numbers that will not be delivered. */
function generateAudience(): Generated[] {
  const names = ['Asha', null, 'Bartholomew-Maximilian Fitzgerald-Worthington', 'Li', 'Zoë', 'Mohammed Abdulrahman', null, 'Ana'];
  const rows: Generated[] = [];
  const add = (phone: string, country: string, zone: string, language: string | null, index: number) => {
    const lastFour = Number(phone.slice(-4));
    const outcome = OPTED_OUT.includes(phone) ? 'opted-out' : lastFour <= 4 ? 'undelivered' : 'delivered';
    const name = names[index % names.length] ?? null;
    rows.push({ phone, country, zone, language, name, fields: name === null ? null : { first_name: name }, outcome });
  };
  for (let i = 0; i < 14; i++)
    add(`+91981${String(2_340_000 + (i < 3 ? i : 100 + i * 7)).padStart(7, '0')}`, 'IN', 'Asia/Kolkata', i % 2 === 0 ? 'hi' : 'en', i);
  for (let i = 0; i < 6; i++) add(`+4477009${String(i < 1 ? 3 : 105 + i * 11).padStart(5, '0')}`, 'GB', 'Europe/London', 'en', i);
  for (let i = 0; i < 6; i++)
    add(`+97150${String(1_230_000 + (i < 2 ? i + 1 : 50 + i * 13)).padStart(7, '0')}`, 'AE', 'Asia/Dubai', i % 3 === 0 ? 'en' : 'ar', i);
  for (let i = 0; i < 5; i++) add(`+1212555${String(i < 1 ? 4 : 1_000 + i * 17).padStart(4, '0')}`, 'US', 'America/New_York', null, i);
  for (let i = 0; i < 3; i++) add(`+658123${String(4_560 + i * 9).padStart(4, '0')}`, 'SG', 'Asia/Singapore', 'en', i);
  return rows;
}

/** What the platform should charge and keep, from the generated truth: units of each rendered body × the platform's price. */
function expectedSpend(rows: readonly Generated[], prices: Readonly<Record<string, string>>): { keptMinor: number; refundedMinor: number } {
  let keptMinor = 0;
  let refundedMinor = 0;
  for (const row of rows) {
    if (row.outcome === 'opted-out') continue;
    const variant = VARIANTS.find((candidate) => candidate.language === row.language) ?? VARIANTS[0];
    if (!variant) throw new Error('no variant');
    const text = renderBody(variant.body, { name: row.name ?? null, fields: row.fields ?? {} });
    const cost = analyzeSms(text).segments * parseMajorToMinor(prices[row.country] ?? 'NaN', 'INR');
    if (row.outcome === 'undelivered') refundedMinor += cost;
    else keptMinor += cost;
  }
  return { keptMinor, refundedMinor };
}

describe('actual spend from documented data', () => {
  it("a documented-only launch held to the campaign's budget; its spend computed from statuses equals the sandbox ledger to the unit", async () => {
    const { sandbox, documentedOnlyUrl } = await startDocumentedOnlySandbox(open, tempDir('sandbox-documented-spend-'));
    const north = { ...regionalTeamAccount(sandbox), documentedOnlyUrl };
    const dataDir = tempDir('desk-documented-spend-');
    const core = await startLaunchCore(dataDir, north);
    open.push(core);
    await callOk(core, 'profiles.setDocumentedOnly', { profileId: 'sandbox', documentedOnly: true });

    const rows = generateAudience();
    // Two recipients answered STOP to Acme before: the platform refuses them (NotSent/OPT-OUT, never
    // charged); the documented-only app cannot pull the opt-out list [ours], so it sends to them.
    for (const phone of OPTED_OUT) {
      const stop = await fetch(`${sandbox.url}/__sandbox/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-sandbox-admin-token': sandbox.adminToken },
        body: JSON.stringify({ sid: north.sid, from: phone, body: 'STOP' }),
      });
      expect(stop.ok).toBe(true);
    }
    const prices = await priceList(sandbox, north, [...new Set(rows.map((row) => row.country))]);
    expect(Object.keys(prices).sort()).toEqual(['AE', 'GB', 'IN', 'SG', 'US']);
    const audienceId = seedAudience(dataDir, rows);
    const draft = await draftCampaign(core, audienceId, { senderId: 'ACMENR', variants: VARIANTS });

    // No rate card is served: nothing can be priced until the team types its prices.
    expect((await callOk(core, 'rateCard.get')).source).toBe('none');
    const typed = await callOk(core, 'rateCard.setEntered', {
      currency: 'INR',
      prices: Object.entries(prices).map(([country, unitPrice]) => ({ country, unitPrice })),
    });
    expect(typed).toMatchObject({ source: 'entered', currency: 'INR' });

    // No balance route: without a budget the launch says why and what to do.
    const noBudget = await callError(core, 'campaigns.launch', { id: draft.id, revision: draft.revision });
    expect(noBudget).toMatchObject({ code: 'API_NOT_AVAILABLE', field: 'budgetMinor' });
    expect(noBudget.message).toMatch(/does not report its balance.*Set a budget/);

    const plan = await callOk(core, 'campaigns.plan', { id: draft.id });
    const estimate = plan.estimate.totalMinor;
    expect(plan.estimate.unpriced).toEqual([]);
    expect(estimate).toBeGreaterThan(0);

    // A budget below the estimate is refused with the budget named; the estimate fits the next one.
    const tight = await callOk(core, 'campaigns.update', { id: draft.id, revision: draft.revision, budgetMinor: estimate - 1 });
    const refused = await callError(core, 'campaigns.launch', { id: draft.id, revision: tight.revision });
    expect(refused).toMatchObject({ code: 'INSUFFICIENT_FUNDS', field: 'budgetMinor' });
    expect((await callOk(core, 'campaigns.plan', { id: draft.id })).budget).toMatchObject({ fits: false, limitedBy: 'campaign-budget' });
    await callOk(core, 'campaigns.update', { id: draft.id, revision: tight.revision, budgetMinor: estimate });
    await launch(core, draft.id);
    await waitUntilSent(core, draft.id);

    sandbox.advanceClock(10_000);
    const pulled = await callOk(core, 'campaigns.syncStatuses');
    expect(pulled.mode).toBe('status');
    const progress = await callOk(core, 'campaigns.progress', { id: draft.id });
    const delivered = rows.filter((row) => row.outcome === 'delivered').length;
    const undelivered = rows.filter((row) => row.outcome === 'undelivered').length;
    const optedOut = rows.filter((row) => row.outcome === 'opted-out').length;
    expect(progress.totals).toMatchObject({ recipients: rows.length, delivered, undelivered, notSent: optedOut });

    // The ledger: every charge and refund the platform booked on AcmeNorth (this campaign is all it sent).
    const ledger = sandbox.ledgerEntries(north.sid);
    const chargedMinor = -ledger.filter((entry) => entry.kind === 'sms_charge').reduce((sum, entry) => sum + entry.amountMinor, 0);
    const refundedMinor = ledger.filter((entry) => entry.kind === 'sms_refund').reduce((sum, entry) => sum + entry.amountMinor, 0);
    const truth = expectedSpend(rows, prices);
    expect({ kept: chargedMinor - refundedMinor, refunded: refundedMinor }).toEqual({ kept: truth.keptMinor, refunded: truth.refundedMinor });

    expect(progress.actualSpend.actual).toEqual({ minor: chargedMinor - refundedMinor, source: 'statuses', unavailable: null });
    expect(progress.actualSpend.refunded).toEqual({ minor: refundedMinor, source: 'statuses', unavailable: null });
    expect(progress.actualSpend.byWave.reduce((sum, wave) => sum + (wave.actual.minor ?? 0), 0)).toBe(chargedMinor - refundedMinor);
    // The documented answers carry no charge: the API's own figure is still "not known", never 0.
    expect(progress.chargedUnavailable).not.toBeNull();
    // Multi-part messages in both encodings were part of it.
    const units = rows.filter((row) => row.outcome === 'delivered').length;
    expect(progress.actualSpend.units).toBeGreaterThan(units);

    // The parent manager on the same desktop connects Acme's real-account-like API (documented only)
    // and reviews spend: every figure has a source or says why it is not known, never a silent 0.
    const parent = sandbox.accounts.find((account) => account.billing === 'prepaid');
    if (!parent) throw new Error('no prepaid parent');
    const added = await callOk(core, 'profiles.add', { displayName: 'Acme HQ', baseUrl: sandbox.documentedOnlyUrl, sid: parent.sid, apiKey: parent.apiKey });
    await callOk(core, 'profiles.activate', { profileId: added.id });
    await callOk(core, 'sync.now');
    const summary = await freshSpendSummary(core, dayEitherSideOfNow('Asia/Kolkata'));
    const sources = summary.figureSources;
    if (!sources) throw new Error('the summary names no sources');
    expect(sources.parentFunds).toMatchObject({ minor: null, source: null, unavailable: expect.stringMatching(/^Not available: .*no billing route/) });
    const northFigures = sources.accounts.find((account) => account.sid === north.sid);
    // The documented sub-account list states AcmeNorth's balance: 2,000 less what the campaign kept.
    expect(northFigures?.funds).toEqual({ minor: 2_000_00 - (chargedMinor - refundedMinor), source: 'billing', unavailable: null });
    expect(northFigures?.actual).toMatchObject({ minor: null, unavailable: expect.stringMatching(/no message log.*priced from their delivery statuses/) });
    const campaignRow = summary.campaigns.find((campaign) => campaign.campaignId === draft.id);
    expect(campaignRow).toMatchObject({ sid: north.sid, actualMinor: chargedMinor - refundedMinor, refundedMinor, delivered, undelivered, notSent: optedOut });
    expect(sources.campaigns.find((campaign) => campaign.campaignId === draft.id)).toEqual({
      sid: north.sid,
      campaignId: draft.id,
      actual: { minor: chargedMinor - refundedMinor, source: 'statuses', unavailable: null },
      refunded: { minor: refundedMinor, source: 'statuses', unavailable: null },
    });
    // The drill-down (account → campaigns → waves) shows the same computed figures.
    const period = summary.period;
    const drilled = await callOk(core, 'spend.campaigns', { sid: north.sid, period });
    expect(drilled.find((campaign) => campaign.campaignId === draft.id)).toMatchObject({ actualMinor: chargedMinor - refundedMinor, delivered });
    const waves = await callOk(core, 'spend.waves', { sid: north.sid, campaignId: draft.id, period });
    expect(waves.reduce((sum, wave) => sum + wave.actualMinor, 0)).toBe(chargedMinor - refundedMinor);
    expect(waves.reduce((sum, wave) => sum + wave.delivered, 0)).toBe(delivered);
  });
});
