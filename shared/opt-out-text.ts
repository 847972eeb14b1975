/**
 * The opt-out sentence added to a message, in the message's language. English and Hindi ship
 * with the app; a profile may reword them or add its own languages (kept per profile in the core).
 * Every text names the keyword STOP, which the platform's opt-out handling listens for.
 */
export const SHIPPED_OPT_OUT_TEXTS: Readonly<Record<string, string>> = {
  en: 'Reply STOP to opt out',
  hi: 'सेवा बंद करने के लिए STOP भेजें',
};

export const DEFAULT_OPT_OUT_LANGUAGE = 'en';

/** "pt-BR" → "pt-br", "HI" → "hi": the key opt-out texts are kept under. */
export function optOutLanguageKey(language: string): string {
  return language.trim().toLowerCase();
}

/**
 * The text for a variant's language: the exact language ("pt-br"), then its primary tag ("pt"),
 * then English. `texts` are the profile's own, over the shipped ones.
 */
export function optOutTextFor(language: string, texts: Readonly<Record<string, string>>): { language: string; text: string } {
  const key = optOutLanguageKey(language);
  const primary = key.split(/[-_]/)[0] ?? key;
  for (const candidate of [key, primary, DEFAULT_OPT_OUT_LANGUAGE]) {
    const text = texts[candidate] ?? SHIPPED_OPT_OUT_TEXTS[candidate];
    if (text !== undefined) return { language: candidate, text };
  }
  return { language: DEFAULT_OPT_OUT_LANGUAGE, text: SHIPPED_OPT_OUT_TEXTS[DEFAULT_OPT_OUT_LANGUAGE] ?? 'Reply STOP to opt out' };
}
