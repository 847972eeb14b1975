import { z } from 'zod';

/**
 * Where a money figure came from, defined once for the core, the renderer and the exports:
 * - `ledger`: the API's own charges and refunds per message, read from the sandbox's message log
 *   (an [ours] route a real Kaleyra account does not offer);
 * - `statuses`: computed by the desktop from Kaleyra's documented status API (each message's
 *   outcome) × units × the destination's price, with the platform's refund rules;
 * - `billing`: an account's balance or usage as the API's account figures state it (the documented
 *   sub-account list's `balance`, or the billing route where the API serves one).
 */
export const SPEND_SOURCES = ['ledger', 'statuses', 'billing'] as const;
export type SpendSource = (typeof SPEND_SOURCES)[number];
export const spendSource = z.enum(SPEND_SOURCES);

/** How a figure's source is named next to it (a sentence fragment: "Charged 12.00, from …"). */
export const SPEND_SOURCE_LABELS: Record<SpendSource, string> = {
  ledger: "the API's message log",
  statuses: 'computed from delivery statuses',
  billing: "the API's account figures",
};

/**
 * A money figure with its source, or no figure and why. Never a silent 0: when `minor` is null,
 * `unavailable` says what is missing and where the user can find it.
 */
export const sourcedAmount = z
  .strictObject({
    minor: z.number().int().safe().nullable(),
    source: spendSource.nullable(),
    unavailable: z.string().nullable(),
  })
  .refine((figure) => (figure.minor === null) === (figure.source === null) && (figure.minor === null) === (figure.unavailable !== null), {
    message: 'A figure has a value and a source, or neither and a reason',
  });
export type SourcedAmount = z.infer<typeof sourcedAmount>;

export function knownAmount(minor: number, source: SpendSource): SourcedAmount {
  return { minor, source, unavailable: null };
}

export function unavailableAmount(reason: string): SourcedAmount {
  return { minor: null, source: null, unavailable: reason };
}
