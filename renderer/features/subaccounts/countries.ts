import { getCountries } from 'libphonenumber-js';

export interface CountryOption {
  code: string;
  name: string;
}

let cached: CountryOption[] | null = null;

/** Every country the platform knows (ISO 3166 alpha-2), by English name. */
export function countryOptions(): CountryOption[] {
  if (cached) return cached;
  const names = new Intl.DisplayNames(['en'], { type: 'region' });
  cached = getCountries()
    .map((code) => ({ code, name: names.of(code) ?? code }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return cached;
}
