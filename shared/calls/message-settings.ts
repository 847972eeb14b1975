import { z } from 'zod';
import { emptyInput } from './common';
import { defineCall, defineFeature } from './define';

/** A BCP 47 language as variants use it ("en", "hi", "pt-BR"), kept lower-case. */
export const optOutLanguage = z
  .string()
  .trim()
  .min(2)
  .max(16)
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'Use a language code such as en or pt-BR')
  .transform((value) => value.toLowerCase());

/** The opt-out sentence must keep the keyword the platform listens for. */
export const optOutText = z
  .string()
  .trim()
  .min(1, 'Write the opt-out text')
  .max(160, 'Keep the opt-out text under 160 characters')
  .refine((text) => /\bSTOP\b/.test(text), 'Keep the keyword STOP in the text: it is what recipients reply to opt out');

/** The profile's opt-out texts by language: the shipped ones (English, Hindi) with the profile's edits over them. */
export const optOutTextsView = z.strictObject({
  texts: z.record(z.string(), z.string()),
  /** Languages whose text this profile changed from the shipped one (or added). */
  edited: z.array(z.string()),
});
export type OptOutTextsView = z.infer<typeof optOutTextsView>;

export const messageSettingsCalls = {
  'messageSettings.optOutTexts': defineCall({ input: emptyInput, output: optOutTextsView, access: 'anyone' }),
  /** Sets (or, with `text: null`, resets to the shipped one / removes) the opt-out text of one language. */
  'messageSettings.setOptOutText': defineCall({
    input: z.strictObject({ language: optOutLanguage, text: optOutText.nullable() }),
    output: optOutTextsView,
    access: 'anyone',
  }),
};

export const messageSettingsFeature = defineFeature({ calls: messageSettingsCalls });
