import type { AudienceCounts, AudienceIssue, AudienceReport, RecipientColumns, ZoneSource } from '../store/audiences-repository';
import type { NormalizedChunk } from './import-job';
import type { CountrySource } from '../../../shared/country-source';

/**
 * Decides, in file order, which normalised rows become recipients: a number seen on an earlier
 * row is a duplicate, a number on the suppression list is opted out. Keeps the running counts
 * and the report (counted on the way rather than queried from a million rows at the end).
 * Every row lands in exactly one of valid / invalid / duplicate / opted out.
 */
export class ImportTally {
  /** First row of each number, keyed by its digits as a number (E.164 has at most 15: exact in a double, and far smaller than a string key). */
  private readonly firstRowOf = new Map<number, number>();
  readonly counts: AudienceCounts = { totalRows: 0, validRows: 0, invalidRows: 0, duplicateRows: 0, optedOutRows: 0 };
  private readonly issuesByKind: AudienceReport['issuesByKind'] = { invalid: 0, duplicate: 0, opted_out: 0, zone_unknown: 0, zone_ambiguous: 0 };
  private readonly recipientsByZoneSource: Record<ZoneSource, number> = { column: 0, prefix: 0, country: 0, fallback: 0, unknown: 0 };
  private readonly recipientsByCountrySource: Record<CountrySource, number> = { number: 0, row: 0, default: 0 };
  /** Recipients per country and zone, keyed "country zone". */
  private readonly facets = new Map<string, { country: string | null; zone: string | null; recipients: number }>();

  constructor(private readonly suppressed: ReadonlySet<string>) {}

  /** Which of the chunk's recipients to keep (their indexes), and every issue of its rows. */
  take(chunk: NormalizedChunk): { keep: number[]; issues: AudienceIssue[] } {
    const r: RecipientColumns = chunk.recipients;
    const keep: number[] = [];
    const issues: AudienceIssue[] = [...chunk.invalid];
    this.counts.totalRows += r.rowNumber.length + chunk.invalid.length;
    this.counts.invalidRows += chunk.invalid.length;
    for (let i = 0; i < r.rowNumber.length; i++) {
      const rowNumber = r.rowNumber[i] ?? 0;
      const phone = r.phoneE164[i] ?? '';
      const value = chunk.raw[i] ?? phone;
      const key = Number(phone.slice(1));
      const firstRow = this.firstRowOf.get(key);
      if (firstRow !== undefined) {
        this.counts.duplicateRows++;
        issues.push({ rowNumber, kind: 'duplicate', value, code: 'DUPLICATE', message: `${phone} is already on row ${firstRow}.` });
        continue;
      }
      this.firstRowOf.set(key, rowNumber);
      if (this.suppressed.has(phone)) {
        this.counts.optedOutRows++;
        issues.push({ rowNumber, kind: 'opted_out', value, code: 'OPTED_OUT', message: `${phone} is on the suppression list (opted out).` });
        continue;
      }
      this.counts.validRows++;
      keep.push(i);
      const zoneIssue = chunk.zoneIssue[i];
      if (zoneIssue)
        issues.push({
          rowNumber,
          kind: zoneIssue.kind,
          value,
          code: zoneIssue.kind === 'zone_unknown' ? 'ZONE_UNKNOWN' : 'ZONE_AMBIGUOUS',
          message: zoneIssue.message,
        });
      this.countRecipient(r.country[i] ?? null, r.zone[i] ?? null, r.zoneSource[i] ?? 'unknown');
      const countrySource = r.countrySource[i];
      if (countrySource) this.recipientsByCountrySource[countrySource]++;
    }
    for (const issue of issues) this.issuesByKind[issue.kind]++;
    return { keep, issues };
  }

  report(): AudienceReport {
    return {
      issuesByKind: { ...this.issuesByKind },
      recipientsByZoneSource: { ...this.recipientsByZoneSource },
      recipientsByCountrySource: { ...this.recipientsByCountrySource },
      facets: [...this.facets.values()].map((facet) => ({ ...facet })).sort((a, b) => b.recipients - a.recipients),
    };
  }

  private countRecipient(country: string | null, zone: string | null, source: ZoneSource): void {
    this.recipientsByZoneSource[source]++;
    const key = `${country ?? ''} ${zone ?? ''}`;
    const facet = this.facets.get(key);
    if (facet) facet.recipients++;
    else this.facets.set(key, { country, zone, recipients: 1 });
  }
}
