/**
 * A CRM export as a regional team really gets it: numbers in every human format (E.164, national
 * with spaces, dots, dashes and parentheses, 00-prefixed), a per-row Country column written as ISO
 * codes, English names and dialling codes, rows without a country (the default applies), India,
 * UAE, Singapore, UK, four US zones, Australia with Queensland, a few invalid numbers, a duplicate,
 * an empty line, an emoji name and a right-to-left name, a language column with en and hi.
 *
 * Each row carries its truth, written from the numbering plans (not from the app): the E.164
 * number, its country and the zone where 10:00 means 10:00 for that person.
 */

export type RowTruth =
  | { readonly kind: 'valid'; readonly e164: string; readonly country: string; readonly zone: string; readonly language: 'en' | 'hi' }
  | { readonly kind: 'invalid' }
  | { readonly kind: 'duplicate'; readonly e164: string };

export interface MessyAudience {
  readonly csv: string;
  readonly header: readonly string[];
  /** One per data line that holds something, in file order, with its 1-based line number in the file. */
  readonly rows: ReadonlyArray<{ readonly line: number; readonly truth: RowTruth }>;
  readonly defaultCountry: 'IN';
}

interface Destination {
  readonly country: string;
  readonly zone: string;
  /** Country column spellings, used in turn; '' = left empty (only where the default country is the right one). */
  readonly countryCells: readonly string[];
  /** The n-th subscriber: national digits (with trunk 0 where the plan has one) and E.164. */
  number(n: number): { national: string; e164: string };
  /** Ways people write the national number. */
  readonly formats: ReadonlyArray<(digits: string) => string>;
  readonly count: number;
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');
const group = (digits: string, sizes: readonly number[], separator: string) => {
  const parts: string[] = [];
  let at = 0;
  for (const size of sizes) {
    parts.push(digits.slice(at, at + size));
    at += size;
  }
  if (at < digits.length) parts.push(digits.slice(at));
  return parts.filter((part) => part !== '').join(separator);
};

const US_FORMATS = [
  (d: string) => `(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`,
  (d: string) => group(d, [3, 3, 4], '.'),
  (d: string) => group(d, [3, 3, 4], '-'),
  (d: string) => `+1 ${group(d, [3, 3, 4], ' ')}`,
  (d: string) => `1-${group(d, [3, 3, 4], '-')}`,
];
const US_COUNTRY = ['US', 'USA', 'United States', '+1', '1'];

function us(areaCode: string, exchange: string, zone: string, count: number): Destination {
  return {
    country: 'US',
    zone,
    countryCells: US_COUNTRY,
    count,
    number: (n) => {
      const digits = `${areaCode}${exchange}${pad(1000 + n, 4)}`;
      return { national: digits, e164: `+1${digits}` };
    },
    formats: US_FORMATS,
  };
}

/** Australian landlines: area code 0X and eight digits. */
function au(area: string, block: string, zone: string, count: number): Destination {
  return {
    country: 'AU',
    zone,
    countryCells: ['AU', 'Australia', '+61', 'AUS', '61'],
    count,
    number: (n) => {
      const subscriber = `${block}${pad(n, 8 - block.length)}`;
      return { national: `0${area}${subscriber}`, e164: `+61${area}${subscriber}` };
    },
    formats: [
      (d) => `(${d.slice(0, 2)}) ${group(d.slice(2), [4, 4], ' ')}`,
      (d) => group(d, [2, 4, 4], ' '),
      (d) => `+61 ${d.slice(1, 2)} ${group(d.slice(2), [4, 4], ' ')}`,
      (d) => group(d, [2, 4, 4], '-'),
    ],
  };
}

const DESTINATIONS: readonly Destination[] = [
  {
    country: 'IN',
    zone: 'Asia/Kolkata',
    countryCells: ['IN', 'India', '', '+91', 'IND', '91', ''],
    count: 119,
    number: (n) => {
      const digits = `98${pad(10_000_000 + n * 7, 8)}`;
      return { national: digits, e164: `+91${digits}` };
    },
    formats: [
      (d) => `${d.slice(0, 5)} ${d.slice(5)}`,
      (d) => d,
      (d) => `+91 ${d.slice(0, 5)} ${d.slice(5)}`,
      (d) => `0091-${d.slice(0, 5)}-${d.slice(5)}`,
      (d) => `0${d}`,
    ],
  },
  {
    country: 'AE',
    zone: 'Asia/Dubai',
    countryCells: ['AE', 'UAE', 'United Arab Emirates', '+971', '971'],
    count: 30,
    number: (n) => {
      const subscriber = `50${pad(1_230_000 + n, 7)}`;
      return { national: `0${subscriber}`, e164: `+971${subscriber}` };
    },
    formats: [(d) => group(d, [3, 3, 4], ' '), (d) => group(d, [3, 3, 4], '-'), (d) => `+971 ${group(d.slice(1), [2, 3, 4], ' ')}`],
  },
  {
    country: 'SG',
    zone: 'Asia/Singapore',
    countryCells: ['SG', 'Singapore', '+65', 'SGP', '0065'],
    count: 20,
    number: (n) => {
      const digits = `8${pad(1_234_000 + n, 7)}`;
      return { national: digits, e164: `+65${digits}` };
    },
    formats: [(d) => group(d, [4, 4], ' '), (d) => d, (d) => `+65 ${group(d, [4, 4], '-')}`],
  },
  {
    country: 'GB',
    zone: 'Europe/London',
    countryCells: ['UK', 'GB', 'United Kingdom', '+44', '0044', 'Great Britain'],
    count: 40,
    number: (n) => {
      const subscriber = `7960${pad(364_000 + n, 6)}`;
      return { national: `0${subscriber}`, e164: `+44${subscriber}` };
    },
    formats: [
      (d) => group(d, [5, 6], ' '),
      (d) => `(${d.slice(0, 5)}) ${d.slice(5)}`,
      (d) => `+44 ${group(d.slice(1), [4, 6], ' ')}`,
      (d) => group(d, [5, 3, 3], '.'),
    ],
  },
  us('212', '770', 'America/New_York', 12),
  us('312', '781', 'America/Chicago', 12),
  us('303', '861', 'America/Denver', 10),
  us('213', '770', 'America/Los_Angeles', 12),
  au('2', '9250', 'Australia/Sydney', 10),
  // Queensland: Brisbane, Cairns, Southport, Emerald — none of them on Sydney's clock.
  au('7', '3221', 'Australia/Brisbane', 4),
  au('7', '4051', 'Australia/Brisbane', 3),
  au('7', '5532', 'Australia/Brisbane', 3),
  au('7', '4982', 'Australia/Brisbane', 2),
];

const FIRST_NAMES = ['Asha', 'Ravi', 'Fatima', 'Omar', 'Wei Ling', 'Oliver', 'Amelia', 'Jackson', 'Sofia', 'Liam', 'Priya', 'Noah', 'Chloe', 'Arjun', 'Mia'];

/** Invalid in every country they could be read in. */
const INVALID_ROWS: ReadonlyArray<{ phone: string; country: string }> = [
  { phone: '12345', country: 'IN' },
  { phone: 'call me', country: '' },
  { phone: '+44 20', country: 'UK' },
  { phone: '07960 364004', country: 'Narnia' },
  { phone: '000 000 0000', country: 'US' },
  { phone: '', country: 'India' },
];

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Deterministic: the same file every run. */
export function messyAudience(): MessyAudience {
  const header = ['Full Name', 'Mobile', 'Country', 'Preferred Language', 'City'];
  type Line = { cells: string[]; truth: RowTruth } | null;
  const valid: Array<{ cells: string[]; truth: RowTruth }> = [];
  let person = 0;
  for (const destination of DESTINATIONS) {
    for (let n = 0; n < destination.count; n++) {
      const { national, e164 } = destination.number(n);
      const format = destination.formats[n % destination.formats.length] ?? ((d: string) => d);
      const countryCell = destination.countryCells[n % destination.countryCells.length] ?? '';
      const language: 'en' | 'hi' = destination.country === 'IN' && n % 3 !== 0 ? 'hi' : 'en';
      const name = `${FIRST_NAMES[person % FIRST_NAMES.length] ?? 'Sam'} ${String.fromCharCode(65 + (person % 26))}.`;
      person++;
      valid.push({
        cells: [name, format(national), countryCell, language, destination.zone.split('/')[1]?.replace('_', ' ') ?? ''],
        truth: { kind: 'valid', e164, country: destination.country, zone: destination.zone, language },
      });
    }
  }
  // Names a CRM holds: an emoji and a right-to-left name, on valid rows.
  const emoji = valid[5];
  if (emoji) emoji.cells[0] = 'Zoë 🌟 Patel';
  const rtl = valid[130];
  if (rtl) rtl.cells[0] = 'مريم العلي';

  // Interleave the destinations the way an export sorted by name would.
  const shuffled = [...valid].sort((a, b) => hash(a.cells[1] ?? '') - hash(b.cells[1] ?? ''));
  const lines: Line[] = [...shuffled];
  INVALID_ROWS.forEach((row, index) =>
    lines.splice(20 + index * 40, 0, { cells: [`Bad ${index}`, row.phone, row.country, 'en', ''], truth: { kind: 'invalid' } }),
  );
  // A duplicate: an Indian number seen earlier, written another way and with the country as a name.
  const firstIndian = shuffled.find((line) => line.truth.kind === 'valid' && line.truth.country === 'IN');
  if (firstIndian && firstIndian.truth.kind === 'valid') {
    const digits = firstIndian.truth.e164.slice(3);
    lines.splice(lines.length - 10, 0, {
      cells: ['Same person again', `+91-${digits.slice(0, 5)}-${digits.slice(5)}`, 'India', 'hi', ''],
      truth: { kind: 'duplicate', e164: firstIndian.truth.e164 },
    });
  }
  lines.splice(150, 0, null); // an empty line in the middle

  const text = [header.map(csvCell).join(',')];
  const rows: Array<{ line: number; truth: RowTruth }> = [];
  for (const line of lines) {
    if (line === null) {
      text.push('');
      continue;
    }
    text.push(line.cells.map(csvCell).join(','));
    rows.push({ line: text.length, truth: line.truth });
  }
  return { csv: `${text.join('\r\n')}\r\n`, header, rows, defaultCountry: 'IN' };
}

function hash(text: string): number {
  let value = 2166136261;
  for (let index = 0; index < text.length; index++) value = Math.imul(value ^ text.charCodeAt(index), 16777619) >>> 0;
  return value;
}

/** What the file holds, counted from the truth: rows, recipients, invalid, duplicates, and recipients per zone and country. */
export function messyTruth(audience: MessyAudience) {
  const valid = audience.rows.flatMap((row) => (row.truth.kind === 'valid' ? [row.truth] : []));
  const count = (key: (truth: (typeof valid)[number]) => string) => {
    const counts = new Map<string, number>();
    for (const truth of valid) counts.set(key(truth), (counts.get(key(truth)) ?? 0) + 1);
    return counts;
  };
  return {
    totalRows: audience.rows.length,
    validRows: valid.length,
    invalidRows: audience.rows.filter((row) => row.truth.kind === 'invalid').length,
    duplicateRows: audience.rows.filter((row) => row.truth.kind === 'duplicate').length,
    byZone: count((truth) => truth.zone),
    byCountry: count((truth) => truth.country),
    valid,
  };
}
