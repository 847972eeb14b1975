import { readRowPhone } from '../../../shared/row-phone';
import type { ColumnMapping, NormalizedChunk } from './import-job';
import { resolveZone } from './zone-resolution';

const MAX_LANGUAGE_CHARS = 35;
const MAX_ZONE_CANDIDATES_SHOWN = 4;

export function emptyChunk(): NormalizedChunk {
  return {
    recipients: {
      rowNumber: [],
      phoneE164: [],
      country: [],
      countrySource: [],
      zone: [],
      zoneSource: [],
      zoneCandidatesJson: [],
      language: [],
      name: [],
      fieldsJson: [],
    },
    raw: [],
    zoneIssue: [],
    invalid: [],
  };
}

/**
 * Adds one data row to a chunk: as a recipient with its country (and what decided it) and resolved zone (and an issue when the zone
 * is unknown or ambiguous), or as an invalid row with the reason. Duplicates and opted-out
 * numbers are decided later, in file order, by ImportTally.
 */
export function normalizeRow(
  out: NormalizedChunk,
  cells: readonly string[],
  offset: number,
  mapping: ColumnMapping,
  defaultCountry: string | null,
  rowNumber: number,
): void {
  const cell = (column: number | null) => {
    if (column === null) return null;
    const value = cells[offset + column]?.trim() ?? '';
    return value === '' ? null : value;
  };
  const raw = cells[offset + mapping.phone] ?? '';
  const read = readRowPhone(raw, cell(mapping.country), defaultCountry);
  if (!read.ok) {
    out.invalid.push({ rowNumber, kind: 'invalid', value: raw, code: read.code, message: read.message });
    return;
  }
  const { phone } = read;
  const zone = resolveZone(phone, cell(mapping.zone));
  let fieldsJson: string | null = null;
  if (mapping.customFields.length > 0) {
    const fields: Record<string, string> = {};
    for (const { column, field } of mapping.customFields) fields[field] = cells[offset + column]?.trim() ?? '';
    fieldsJson = JSON.stringify(fields);
  }
  const r = out.recipients;
  r.rowNumber.push(rowNumber);
  r.phoneE164.push(phone.e164);
  r.country.push(phone.country);
  r.countrySource.push(read.countrySource);
  r.zone.push(zone.zone);
  r.zoneSource.push(zone.source);
  r.zoneCandidatesJson.push(zone.candidates === null ? null : JSON.stringify(zone.candidates));
  r.language.push(cell(mapping.language)?.slice(0, MAX_LANGUAGE_CHARS) ?? null);
  r.name.push(cell(mapping.name));
  r.fieldsJson.push(fieldsJson);
  out.raw.push(raw);
  out.zoneIssue.push(zone.zone !== null ? null : zoneIssue(phone.e164, zone.candidates));
}

function zoneIssue(e164: string, candidates: readonly string[] | null): NormalizedChunk['zoneIssue'][number] {
  if (candidates === null) {
    return { kind: 'zone_unknown', message: `No time zone is known for ${e164}: add a time-zone column, or the schedule's fallback zone applies.` };
  }
  const shown = candidates.slice(0, MAX_ZONE_CANDIDATES_SHOWN).join(', ');
  const more = candidates.length > MAX_ZONE_CANDIDATES_SHOWN ? ` and ${candidates.length - MAX_ZONE_CANDIDATES_SHOWN} more` : '';
  return {
    kind: 'zone_ambiguous',
    message: `${e164} could be in ${candidates.length} time zones (${shown}${more}): add a time-zone column, or the schedule's fallback zone applies.`,
  };
}

/** A record with nothing but empty cells: a blank line, not a row with a missing number. */
export function isBlankRecord(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}
