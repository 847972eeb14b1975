import { randomUUID } from 'node:crypto';
import { TEST_SENDS_PER_HOUR, type TestSendPreview, type TestSendView } from '../../../shared/calls/campaign-test-send';
import type { ParsedCallInput } from '../../../shared/contract';
import { DeskError, restated } from '../../../shared/errors';
import { renderBody, type PersonalisationValues } from '../../../shared/personalisation';
import { normalizePhone } from '../../../shared/phone';
import { costOfUnits, parseUnitPrice } from '../../../shared/pricing';
import { analyzeSms } from '../../../shared/sms';
import type { KaleyraClient } from '../kaleyra/client';
import { ApiUnreachableError } from '../kaleyra/http';
import type { Logger } from '../log';
import type { AudiencesRepository } from '../store/audiences-repository';
import type { CampaignRecord, CampaignsRepository } from '../store/campaigns-repository';
import type { ProfileRecord } from '../store/profiles-repository';
import type { RateCardRepository } from '../store/rate-card-repository';
import type { TestSendRecord, TestSendsRepository } from '../store/test-sends-repository';
import { HOUR, isoAt, type Clock } from '../time';
import { variantPicker } from './audience-snapshot';
import { notFound } from './campaign-drafts';
import { isIndianNumber } from '../../../shared/dlt/compliance';

/** Test sends are told apart from campaign requests (`cd:`) in the API's reports by this prefix. */
export const TEST_SEND_REFERENCE_PREFIX = 'cdtest:';
/** How far into the audience to look for a recipient of the tested language before falling back. */
const SAMPLE_SCAN_LIMIT = 20_000;
const SAMPLE_PAGE = 1_000;

export interface TestSendServiceDeps {
  campaigns: CampaignsRepository;
  audiences: AudiencesRepository;
  testSends: TestSendsRepository;
  rateCards: RateCardRepository;
  clientFor(profileId: string): Promise<KaleyraClient>;
  clock: Clock;
  log: Logger;
}

type TestSendInput = ParsedCallInput<'campaigns.testSend'>;

/**
 * One message to a chosen number before launch, exactly as a recipient of the tested language
 * would get it. It goes straight to the API (not through the outbox: it is not part of any wave),
 * is recorded, and never touches the draft or its revision.
 */
export class TestSendService {
  constructor(private readonly deps: TestSendServiceDeps) {}

  preview(profile: ProfileRecord, input: TestSendInput): TestSendPreview {
    const campaign = this.requireDraft(profile, input.id);
    return this.messageFor(profile, campaign, input);
  }

  async send(profile: ProfileRecord, input: TestSendInput): Promise<TestSendView> {
    const campaign = this.requireDraft(profile, input.id);
    if (campaign.senderId.trim() === '') throw new DeskError('CAMPAIGN_INCOMPLETE', 'Choose the sender ID before sending a test.', { field: 'senderId' });
    const message = this.messageFor(profile, campaign, input);
    const now = this.deps.clock();
    const reference = `${TEST_SEND_REFERENCE_PREFIX}${campaign.id}:${randomUUID()}`;
    const send = {
      campaignId: campaign.id,
      profileId: profile.id,
      phoneE164: message.to,
      language: message.language,
      body: message.body,
      units: message.units,
      reference,
      sentAt: isoAt(now),
    };
    const id = this.deps.testSends.reserve(send, isoAt(now - HOUR), TEST_SENDS_PER_HOUR);
    if (id === null) {
      throw new DeskError('RULE_VIOLATED', `"${campaign.name}" has had ${TEST_SENDS_PER_HOUR} test sends in the last hour, the most allowed. Try again later.`);
    }
    let response;
    try {
      const client = await this.deps.clientFor(profile.id);
      // A test to an Indian number carries its variant's DLT template, as the campaign's requests do.
      const dltTemplateId = isIndianNumber(message.to)
        ? (campaign.variants.find((variant) => variant.language === message.language)?.dltTemplateId ?? null)
        : null;
      response = await client.sms.send({
        to: message.to,
        sender: campaign.senderId,
        body: message.body,
        type: smsTypeOf(campaign),
        ref_custom: [reference],
        ...(dltTemplateId !== null ? { template_id: dltTemplateId } : {}),
      });
    } catch (error) {
      if (mayHaveBeenSent(error)) {
        // It may be on its way and charged: keep it (unconfirmed) so it counts and shows in the list.
        this.deps.log.warn('test send unconfirmed', { campaignId: campaign.id, code: error instanceof DeskError ? error.code : 'unknown' });
        throw new DeskError(
          'API_UNREACHABLE',
          `Kaleyra did not confirm the test to ${message.to}. It may still arrive, ` +
            `and it counts toward the ${TEST_SENDS_PER_HOUR} tests per hour: check the phone before sending another.`,
          { field: 'phone' },
        );
      }
      this.deps.testSends.forget(id);
      throw restated(
        error,
        'API_UNREACHABLE',
        'A test send needs the network and Kaleyra could not be reached. Your draft is saved; try the test again once you are online.',
        { field: 'phone' },
      );
    }
    const messageId = response.data[0]?.message_id ?? response.id;
    const units = response.units ?? message.units;
    this.deps.testSends.accept(id, messageId, units);
    this.deps.log.info('test send', { campaignId: campaign.id, messageId });
    return { ...message, units, messageId, sentAt: send.sentAt };
  }

  list(profile: ProfileRecord, campaignId: string): TestSendView[] {
    const campaign = this.deps.campaigns.get(profile.id, campaignId);
    if (!campaign) throw notFound();
    return this.deps.testSends.list(profile.id, campaignId).map((record) => this.viewOf(profile, record));
  }

  private viewOf(profile: ProfileRecord, record: TestSendRecord): TestSendView {
    const normalized = normalizePhone(record.phoneE164);
    const { estimatedCostMinor, currency } = this.estimate(profile, normalized.ok ? normalized.country : null, record.units);
    return {
      to: record.phoneE164,
      language: record.language,
      body: record.body,
      units: record.units,
      estimatedCostMinor,
      currency,
      messageId: record.messageId,
      sentAt: record.sentAt,
    };
  }

  private requireDraft(profile: ProfileRecord, id: string): CampaignRecord {
    const campaign = this.deps.campaigns.get(profile.id, id);
    if (!campaign) throw notFound();
    if (campaign.status !== 'draft') throw new DeskError('CAMPAIGN_CONFLICT', `"${campaign.name}" has already been launched; test sends are for drafts.`);
    return campaign;
  }

  private messageFor(profile: ProfileRecord, campaign: CampaignRecord, input: TestSendInput): TestSendPreview {
    const phone = normalizePhone(input.phone, input.defaultCountry);
    if (!phone.ok)
      throw new DeskError('VALIDATION_FAILED', `${phone.message} Enter the number with its country code, e.g. +91 98100 12345.`, { field: 'phone' });
    if (campaign.variants.length === 0) throw new DeskError('CAMPAIGN_INCOMPLETE', 'Write the message before sending a test.', { field: 'variants' });
    const index = this.variantIndex(campaign, input.language);
    const variant = campaign.variants[index];
    if (!variant) throw new Error('a variant index points into the variants');
    const body = renderBody(variant.body, this.sampleRecipient(campaign, index));
    if (body.trim() === '')
      throw new DeskError('CAMPAIGN_INCOMPLETE', `The ${variant.language} message is empty once personalised. Write some text outside the fields.`, {
        field: 'variants',
      });
    const units = analyzeSms(body).segments;
    return { to: phone.e164, language: variant.language, body, units, ...this.estimate(profile, phone.country, units) };
  }

  private variantIndex(campaign: CampaignRecord, language: string | undefined): number {
    if (language === undefined) {
      const fallback = campaign.variants.findIndex((variant) => variant.isDefault);
      return fallback >= 0 ? fallback : 0;
    }
    const index = campaign.variants.findIndex((variant) => variant.language.toLowerCase() === language.toLowerCase());
    if (index < 0) {
      const known = campaign.variants.map((variant) => variant.language).join(', ');
      throw new DeskError('VALIDATION_FAILED', `This campaign has no ${language} message. Choose one of: ${known}.`, { field: 'language' });
    }
    return index;
  }

  /** The first recipient who would get this variant, else the audience's first, else nobody (fields take their fallbacks). */
  private sampleRecipient(campaign: CampaignRecord, variantIndex: number): PersonalisationValues {
    const nobody = { name: null, fields: null };
    if (campaign.audienceId === null) return nobody;
    const pick = variantPicker(campaign.variants);
    let first: PersonalisationValues | undefined;
    for (let afterRow = 0, scanned = 0; scanned < SAMPLE_SCAN_LIMIT;) {
      const page = this.deps.audiences.recipients(campaign.audienceId, afterRow, SAMPLE_PAGE);
      first ??= page[0];
      const match = page.find((recipient) => pick(recipient.language) === variantIndex);
      if (match) return match;
      const last = page.at(-1);
      if (!last || page.length < SAMPLE_PAGE) break;
      afterRow = last.rowNumber;
      scanned += page.length;
    }
    return first ?? nobody;
  }

  private estimate(profile: ProfileRecord, country: string | null, units: number): { estimatedCostMinor: number | null; currency: string | null } {
    const card = this.deps.rateCards.get(profile.id);
    if (!card) return { estimatedCostMinor: null, currency: null };
    const price = country === null ? undefined : card.unitPrices[country.toUpperCase()];
    if (price === undefined) return { estimatedCostMinor: null, currency: card.currency };
    return { estimatedCostMinor: costOfUnits(units, parseUnitPrice(price, card.currency)).minor, currency: card.currency };
  }
}

function smsTypeOf(campaign: CampaignRecord): 'MKT' | 'TXN' {
  return campaign.routeType === 'transactional' ? 'TXN' : 'MKT';
}

/** No answer, a broken answer or a server error after the request left: Kaleyra may have sent it. */
function mayHaveBeenSent(error: unknown): boolean {
  if (error instanceof ApiUnreachableError) return error.requestMayHaveArrived;
  return error instanceof DeskError && (error.code === 'API_BAD_RESPONSE' || error.code === 'API_SERVER_ERROR');
}
