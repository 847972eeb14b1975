import { getExampleNumber, type CountryCode } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import type { Random } from '../../support/random';

export const BENCH_COUNTRIES: readonly CountryCode[] = [
  'IN',
  'US',
  'GB',
  'DE',
  'FR',
  'AU',
  'CA',
  'BR',
  'MX',
  'ID',
  'NG',
  'AE',
  'SA',
  'SG',
  'JP',
  'ZA',
  'ES',
  'IT',
  'NP',
  'KI',
];

export interface PhoneInput {
  readonly text: string;
  readonly defaultCountry: CountryCode;
}

/**
 * Numbers from 20 countries in mixed formats (E.164, spaced international, 00 prefix, national
 * with punctuation). Each starts from the country's example mobile number with the last digits
 * varied, so most are valid and some are not, like a real upload.
 */
export function generatePhoneInputs(random: Random, count: number): PhoneInput[] {
  const templates = BENCH_COUNTRIES.map((country) => {
    const example = getExampleNumber(country, examples);
    if (!example) throw new Error(`no example number for ${country}`);
    return { country, callingCode: example.countryCallingCode, national: example.nationalNumber };
  });
  const inputs: PhoneInput[] = new Array<PhoneInput>(count);
  for (let index = 0; index < count; index++) {
    const template = random.pick(templates);
    const tail = String(random.int(10_000)).padStart(4, '0');
    const national = template.national.slice(0, -4) + tail;
    const style = random.int(5);
    let text: string;
    switch (style) {
      case 0:
        text = `+${template.callingCode}${national}`;
        break;
      case 1:
        text = `+${template.callingCode} ${national.slice(0, 3)} ${national.slice(3, 6)} ${national.slice(6)}`;
        break;
      case 2:
        text = `00${template.callingCode} ${national}`;
        break;
      case 3:
        text = `(0${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6)}`;
        break;
      default:
        text = `${national.slice(0, 4)}-${national.slice(4)}`;
    }
    inputs[index] = { text, defaultCountry: template.country };
  }
  return inputs;
}
