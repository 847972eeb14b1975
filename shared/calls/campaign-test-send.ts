import { z } from 'zod';
import { campaignId, variantInput } from './campaigns';
import { isoInstant } from './common';
import { defineCall, defineFeature } from './define';

/** Most test sends one campaign may make within an hour: they cost money and are not campaigns. */
export const TEST_SENDS_PER_HOUR = 5;

const countryCode = z.string().regex(/^[A-Z]{2}$/, 'Use a two-letter country code such as IN');

const testSendTarget = {
  id: campaignId,
  /** Any human format; normalised to E.164 (with `defaultCountry` when it has no +country code). */
  phone: z.string().trim().min(1, 'Enter the number to send the test to').max(32),
  defaultCountry: countryCode.optional(),
  /** The variant to test; the default variant when absent. */
  language: variantInput.shape.language.optional(),
};

/** The one message a test send would send (or sent): its exact text, units and estimated cost. */
const testMessage = {
  to: z.string(),
  language: z.string(),
  body: z.string(),
  units: z.number().int().min(1),
  /** From the cached rate card at the destination's unit price; null when no price is known. */
  estimatedCostMinor: z.number().int().nullable(),
  currency: z.string().nullable(),
};

export const testSendPreview = z.strictObject(testMessage);
export type TestSendPreview = z.infer<typeof testSendPreview>;

export const testSendView = z.strictObject({
  ...testMessage,
  /** The API's message id; null only if the app stopped between sending and recording the answer. */
  messageId: z.string().nullable(),
  sentAt: isoInstant,
});
export type TestSendView = z.infer<typeof testSendView>;

export const testSendCalls = {
  /** What `campaigns.testSend` would send, without sending: works offline from the cached rate card. */
  'campaigns.testSendPreview': defineCall({ input: z.strictObject(testSendTarget), output: testSendPreview, access: 'anyone' }),
  /**
   * Sends ONE message now to a chosen number through the active profile, rendered as a recipient
   * of that language would get it. Online only; at most TEST_SENDS_PER_HOUR per campaign per hour;
   * the draft and its revision are left as they are.
   */
  'campaigns.testSend': defineCall({ input: z.strictObject(testSendTarget), output: testSendView, access: 'anyone' }),
  /** The campaign's earlier test sends, newest first. */
  'campaigns.testSends': defineCall({ input: z.strictObject({ id: campaignId }), output: z.array(testSendView), access: 'anyone' }),
};

export const testSendFeature = defineFeature({ calls: testSendCalls });
