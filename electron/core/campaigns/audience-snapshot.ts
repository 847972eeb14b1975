import { isPersonalised, renderBody } from '../../../shared/personalisation';
import type { RecipientColumns, ZoneChoice, ZoneMethod } from '../../../shared/schedule';
import type { LeftOutReason } from '../../../shared/left-out';
import { analyzeSms } from '../../../shared/sms';
import type { AudiencesRepository, RecipientRecord, ZoneSource } from '../store/audiences-repository';
import { assertNever } from '../../../shared/assert-never';
import { performance } from 'node:perf_hooks';
import { SliceSizer, yieldToEvents } from '../time-slices';

export interface SnapshotVariant {
  readonly language: string;
  readonly body: string;
  readonly isDefault: boolean;
}

/**
 * A campaign's audience at one moment, one entry per recipient in columns: each recipient's
 * rendered body and its units, plus the indexes the planner groups by. Bodies that render the
 * same share one string, so a million recipients of an unpersonalised message cost little.
 */
export interface AudienceSnapshot {
  readonly count: number;
  readonly rowNumbers: Int32Array;
  readonly phones: string[];
  readonly bodies: string[];
  readonly units: Int32Array;
  readonly columns: RecipientColumns;
  readonly variants: readonly string[];
  /** Recipients whose language matched no variant and who have no default to fall back on. */
  readonly withoutVariant: number;
  /** Recipients left out by the filter, by why (a number on both lists counts as suppressed). */
  readonly excluded: { readonly suppressed: number; readonly recentlyMessaged: number; readonly noPrice: number };
  /** Each recipient left out before planning (filter or no variant), with why: for the launch's per-recipient record. */
  readonly leftOut: readonly SnapshotLeftOut[];
}

export interface SnapshotLeftOut {
  readonly rowNumber: number;
  readonly phone: string;
  readonly reason: LeftOutReason;
}

/** Phones (E.164) left out of the snapshot before anything else is looked at. */
export interface SnapshotFilter {
  /** On the profile's suppression list now. */
  readonly suppressed: ReadonlySet<string>;
  /** Messaged by the profile within the campaign's frequency cap. */
  readonly recentlyMessaged: ReadonlySet<string>;
  /** Destination countries without a price whose recipients the user chose to leave out. */
  readonly noPriceCountries?: ReadonlySet<string>;
}

const NO_FILTER: SnapshotFilter = { suppressed: new Set(), recentlyMessaged: new Set() };
const PAGE = 5_000;

/**
 * Reads the snapshot a page at a time, yielding between pages (each a few milliseconds of work,
 * sized by the measured pace), so a million-recipient audience never holds the core's thread.
 * Pages are read outside any transaction: the audience's rows do not change once it is ready, and
 * the caller checks it is still ready where it uses the snapshot.
 */
export async function readAudienceSnapshotInSlices(
  audiences: AudiencesRepository,
  audienceId: string,
  variants: readonly SnapshotVariant[],
  filter: SnapshotFilter = NO_FILTER,
): Promise<AudienceSnapshot> {
  const builder = snapshotBuilder(variants, filter);
  const sizer = new SliceSizer({ initial: 1_000, min: 100, max: PAGE });
  for (let afterRow = 0; ;) {
    const started = performance.now();
    const limit = sizer.next();
    const page = audiences.recipients(audienceId, afterRow, limit);
    builder.add(page);
    sizer.record(page.length, performance.now() - started);
    const last = page.at(-1);
    if (!last || page.length < limit) break;
    afterRow = last.rowNumber;
    await yieldToEvents();
  }
  return builder.finish();
}

/** Builds a snapshot from the audience's recipients, given page by page in row order. */
function snapshotBuilder(
  variants: readonly SnapshotVariant[],
  filter: SnapshotFilter,
): { add(page: readonly RecipientRecord[]): void; finish(): AudienceSnapshot } {
  const pick = variantPicker(variants);
  // Most bodies have no fields: render those once, not once per recipient.
  const fixedBody = variants.map((variant) => (isPersonalised(variant.body) ? null : variant.body));
  const rowNumbers: number[] = [];
  const phones: string[] = [];
  const bodies: string[] = [];
  const units: number[] = [];
  const zoneChoiceOf: number[] = [];
  const countryOf: number[] = [];
  const variantOf: number[] = [];
  const zoneChoices: ZoneChoice[] = [];
  const zoneChoiceIndex = new Map<string, number>();
  const countries: string[] = [];
  const countryIndex = new Map<string, number>();
  const unitsOfBody = new Map<string, number>();
  const canonicalBody = new Map<string, string>();
  let withoutVariant = 0;
  let suppressed = 0;
  let recentlyMessaged = 0;
  let noPrice = 0;
  const leftOut: SnapshotLeftOut[] = [];
  const leave = (recipient: RecipientRecord, reason: LeftOutReason) => leftOut.push({ rowNumber: recipient.rowNumber, phone: recipient.phoneE164, reason });

  const add = (page: readonly RecipientRecord[]): void => {
    for (const recipient of page) {
      if (filter.suppressed.has(recipient.phoneE164)) {
        suppressed++;
        leave(recipient, 'suppressed');
        continue;
      }
      if (filter.recentlyMessaged.has(recipient.phoneE164)) {
        recentlyMessaged++;
        leave(recipient, 'frequency_cap');
        continue;
      }
      if (filter.noPriceCountries?.has(recipient.country ?? '') === true) {
        noPrice++;
        leave(recipient, 'no_price');
        continue;
      }
      const variant = pick(recipient.language);
      if (variant === undefined) {
        withoutVariant++;
        leave(recipient, 'no_variant');
        continue;
      }
      const rendered = fixedBody[variant] ?? renderBody(variants[variant]?.body ?? '', recipient);
      const body = canonicalBody.get(rendered) ?? rendered;
      canonicalBody.set(body, body);
      let bodyUnits = unitsOfBody.get(body);
      if (bodyUnits === undefined) {
        bodyUnits = analyzeSms(body).segments;
        unitsOfBody.set(body, bodyUnits);
      }
      rowNumbers.push(recipient.rowNumber);
      phones.push(recipient.phoneE164);
      bodies.push(body);
      units.push(bodyUnits);
      variantOf.push(variant);
      zoneChoiceOf.push(indexOf(zoneChoiceIndex, zoneChoices, zoneKeyOf(recipient), () => zoneChoiceFor(recipient)));
      countryOf.push(recipient.country === null ? -1 : indexOf(countryIndex, countries, recipient.country, () => recipient.country ?? ''));
    }
  };

  const finish = (): AudienceSnapshot => {
    const variantNames = variants.map((variant) => variant.language);
    const unitColumn = Int32Array.from(units);
    return {
      count: phones.length,
      rowNumbers: Int32Array.from(rowNumbers),
      phones,
      bodies,
      units: unitColumn,
      columns: {
        count: phones.length,
        zoneChoice: Int32Array.from(zoneChoiceOf),
        zoneChoices,
        country: Int32Array.from(countryOf),
        countries,
        variant: Int32Array.from(variantOf),
        variants: variantNames,
        units: unitColumn,
      },
      variants: variantNames,
      withoutVariant,
      excluded: { suppressed, recentlyMessaged, noPrice },
      leftOut,
    };
  };
  return { add, finish };
}

/** Exact language first ("pt-BR"), then its primary tag ("pt"), then the default variant. */
export function variantPicker(variants: readonly SnapshotVariant[]): (language: string | null) => number | undefined {
  const exact = new Map<string, number>();
  variants.forEach((variant, index) => exact.set(variant.language.toLowerCase(), index));
  const fallback = variants.findIndex((variant) => variant.isDefault);
  const defaultIndex = fallback >= 0 ? fallback : variants.length === 1 ? 0 : undefined;
  const cache = new Map<string, number | undefined>();
  return (language) => {
    if (language === null || language.trim() === '') return defaultIndex;
    const key = language.trim().toLowerCase();
    if (cache.has(key)) return cache.get(key);
    const found = exact.get(key) ?? exact.get(key.split(/[-_]/)[0] ?? key) ?? defaultIndex;
    cache.set(key, found);
    return found;
  };
}

function indexOf<T>(index: Map<string, number>, list: T[], key: string, make: () => T): number {
  let found = index.get(key);
  if (found === undefined) {
    found = list.length;
    list.push(make());
    index.set(key, found);
  }
  return found;
}

function zoneKeyOf(recipient: RecipientRecord): string {
  return `${recipient.zoneSource}|${recipient.zone ?? ''}|${recipient.zoneCandidates?.join(' ') ?? ''}`;
}

function zoneChoiceFor(recipient: RecipientRecord): ZoneChoice {
  const zones = recipient.zone !== null ? [recipient.zone] : (recipient.zoneCandidates ?? []);
  return { zones, zoneMethod: zoneMethodOf(recipient.zoneSource) };
}

function zoneMethodOf(source: ZoneSource): ZoneMethod {
  switch (source) {
    case 'column':
    case 'prefix':
    case 'country':
    case 'fallback':
    case 'unknown':
      return source;
    default:
      return assertNever(source);
  }
}
