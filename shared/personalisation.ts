/**
 * Personalisation fields in a message body: `{{first_name}}` takes the recipient's value,
 * `{{first_name|there}}` falls back to "there" when the recipient has none. `{{name}}` is the
 * audience's name column; every other field comes from the audience's custom fields. A field
 * without a value and without a fallback becomes empty text rather than a literal placeholder.
 */
const PLACEHOLDER_SOURCE = String.raw`\{\{\s*([a-z][a-z0-9_]{0,39})\s*(?:\|([^}]*))?\}\}`;
/** A fresh expression per use: a shared global one would carry `lastIndex` from call to call. */
const placeholder = () => new RegExp(PLACEHOLDER_SOURCE, 'g');

export interface PersonalisationValues {
  readonly name: string | null;
  readonly fields: Readonly<Record<string, string>> | null;
}

export interface Placeholder {
  readonly field: string;
  readonly fallback: string | null;
}

export function placeholdersIn(body: string): Placeholder[] {
  return [...body.matchAll(placeholder())].map((match) => ({ field: match[1] ?? '', fallback: match[2]?.trim() ?? null }));
}

/** True when recipients may receive different texts from this body. */
export function isPersonalised(body: string): boolean {
  return placeholder().test(body);
}

export function renderBody(body: string, values: PersonalisationValues): string {
  return body.replace(placeholder(), (_whole, field: string, fallback: string | undefined) => {
    const value = field === 'name' ? values.name : values.fields?.[field];
    if (value !== undefined && value !== null && value.trim() !== '') return value;
    return fallback?.trim() ?? '';
  });
}
