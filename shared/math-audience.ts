/**
 * Audience groups: recipients sharing zone candidates, country and variant, so that planning
 * and pricing a million recipients costs one grouping pass plus work per group.
 */

/** How a recipient's zone was found. */
export type ZoneMethod = 'column' | 'prefix' | 'country' | 'fallback' | 'unknown';

export interface AudienceGroup {
  /** Candidate zones: one when known, several when the number could be in any of them, none when unknown. */
  readonly zones: readonly string[];
  readonly zoneMethod: ZoneMethod;
  /** What the zones came from (a phone prefix such as "+1907", a column value), for reports. */
  readonly zoneKey?: string;
  /** Destination country (ISO 3166 alpha-2): picks quiet hours and prices. */
  readonly country?: string;
  /** Message variant (language) id. */
  readonly variant?: string;
  readonly recipients: number;
  /** Total SMS units of the group's messages; personalised bodies differ, so this is a sum. */
  readonly units?: number;
}

export interface ZoneChoice {
  readonly zones: readonly string[];
  readonly zoneMethod: ZoneMethod;
  readonly zoneKey?: string;
}

/** One entry per recipient, as indexes into small dictionaries: cheap for a million rows. */
export interface RecipientColumns {
  readonly count: number;
  /** Index into `zoneChoices` per recipient; -1 when nothing is known. */
  readonly zoneChoice: ArrayLike<number>;
  readonly zoneChoices: readonly ZoneChoice[];
  /** Index into `countries` per recipient; -1 or absent when unknown. */
  readonly country?: ArrayLike<number>;
  readonly countries?: readonly string[];
  /** Index into `variants` per recipient. */
  readonly variant?: ArrayLike<number>;
  readonly variants?: readonly string[];
  /** SMS units of each recipient's own message (personalised); absent means 1 each. */
  readonly units?: ArrayLike<number>;
}

export interface GroupedRecipients {
  readonly groups: AudienceGroup[];
  /** Group index of each recipient, so waves can be mapped back to rows. */
  readonly groupOfRecipient: Int32Array;
}

const UNKNOWN_ZONE_CHOICE: ZoneChoice = { zones: [], zoneMethod: 'unknown' };

/** Groups recipients by (zone choice, country, variant), summing counts and units. */
export function groupRecipients(columns: RecipientColumns): GroupedRecipients {
  const { count } = columns;
  const countryCount = (columns.countries?.length ?? 0) + 1;
  const variantCount = (columns.variants?.length ?? 0) + 1;
  const groupOfRecipient = new Int32Array(count);
  const groupOfKey = new Map<number, number>();
  const recipients: number[] = [];
  const units: number[] = [];
  const keys: number[] = [];
  let lastKey = -1;
  let lastGroup = -1;
  for (let row = 0; row < count; row++) {
    const zone = (columns.zoneChoice[row] ?? -1) + 1;
    const country = (columns.country?.[row] ?? -1) + 1;
    const variant = (columns.variant?.[row] ?? -1) + 1;
    const key = (zone * countryCount + country) * variantCount + variant;
    let group = key === lastKey ? lastGroup : groupOfKey.get(key);
    if (group === undefined) {
      group = recipients.length;
      groupOfKey.set(key, group);
      recipients.push(0);
      units.push(0);
      keys.push(key);
    }
    lastKey = key;
    lastGroup = group;
    groupOfRecipient[row] = group;
    recipients[group] = (recipients[group] ?? 0) + 1;
    units[group] = (units[group] ?? 0) + (columns.units?.[row] ?? 1);
  }
  const groups = keys.map((key, index): AudienceGroup => {
    const variant = (key % variantCount) - 1;
    const country = (Math.floor(key / variantCount) % countryCount) - 1;
    const zone = Math.floor(key / (variantCount * countryCount)) - 1;
    const choice = zone >= 0 ? (columns.zoneChoices[zone] ?? UNKNOWN_ZONE_CHOICE) : UNKNOWN_ZONE_CHOICE;
    return {
      zones: choice.zones,
      zoneMethod: choice.zones.length === 0 ? 'unknown' : choice.zoneMethod,
      ...(choice.zoneKey !== undefined ? { zoneKey: choice.zoneKey } : {}),
      ...(country >= 0 && columns.countries?.[country] !== undefined ? { country: columns.countries[country] } : {}),
      ...(variant >= 0 && columns.variants?.[variant] !== undefined ? { variant: columns.variants[variant] } : {}),
      recipients: recipients[index] ?? 0,
      units: units[index] ?? 0,
    };
  });
  return { groups, groupOfRecipient };
}
