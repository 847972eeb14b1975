/** Where the country a number was read with came from; one value set for the store, the contract and the screens. */
export const COUNTRY_SOURCES = ['number', 'row', 'default'] as const;
export type CountrySource = (typeof COUNTRY_SOURCES)[number];

/** Why a row's number was read in its country, in words for the report. */
export const COUNTRY_SOURCE_LABELS: Readonly<Record<CountrySource, string>> = {
  number: '+code in the number',
  row: "the row's Country column",
  default: 'the default country',
};
