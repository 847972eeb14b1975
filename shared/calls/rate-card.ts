import { z } from 'zod';
import { emptyInput, isoInstant } from './common';
import { defineCall, defineFeature } from './define';

const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'A currency is three capital letters, like INR or USD');
const country = z.string().regex(/^[A-Z]{2}$/, 'A destination is a two-letter country code, like IN or GB');
/** Price of one unit (one SMS segment) in major units, as exact decimal text. */
const unitPrice = z.string().regex(/^\d{1,6}(\.\d{1,9})?$/, 'Write a price like 0.25');

/**
 * The rate card the active profile plans and launches with. Kaleyra documents no pricing route,
 * so on a real account (or the sandbox documented-only) the user types the prices of their
 * contract once; the sandbox's full API serves its own card [ours], which then wins.
 */
export const rateCardView = z.strictObject({
  /** `live`: served by the API now; `cached`: the last one it served; `entered`: typed by the user; `none`: nothing known. */
  source: z.enum(['live', 'cached', 'entered', 'none']),
  currency: currencyCode.nullable(),
  prices: z.array(z.strictObject({ country, unitPrice })),
  /** What the user typed, kept even while the API serves a card. */
  entered: z.strictObject({ currency: currencyCode, prices: z.array(z.strictObject({ country, unitPrice })), enteredAt: isoInstant }).nullable(),
});
export type RateCardView = z.infer<typeof rateCardView>;

export const rateCardCalls = {
  'rateCard.get': defineCall({ input: emptyInput, output: rateCardView, access: 'anyone' }),
  /** Replaces the typed card (an empty list removes it). */
  'rateCard.setEntered': defineCall({
    input: z.strictObject({ currency: currencyCode, prices: z.array(z.strictObject({ country, unitPrice })).max(300) }),
    output: rateCardView,
    access: 'anyone',
  }),
};

export const rateCardFeature = defineFeature({ calls: rateCardCalls });
