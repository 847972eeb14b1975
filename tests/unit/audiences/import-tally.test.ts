import { describe, expect, it } from 'vitest';
import { ImportTally } from '../../../electron/core/audiences/import-tally';
import { issuesCsv, neutralizeCell } from '../../../electron/core/audiences/issues-csv';
import { narrowMapping } from '../../../electron/core/audiences/import-job';
import { emptyChunk, normalizeRow } from '../../../electron/core/audiences/row-normalizer';

const mapping = { hasHeader: true, phone: 0, name: 1, language: null, zone: 2, country: null, customFields: [{ column: 3, field: 'city' }] };

function chunkOf(rows: string[][], firstRow = 2) {
  const out = emptyChunk();
  rows.forEach((cells, i) => normalizeRow(out, cells, 0, mapping, 'IN', firstRow + i));
  return out;
}

describe('ImportTally', () => {
  it('puts every row in exactly one of valid, invalid, duplicate, opted out — across chunks, in file order', () => {
    const tally = new ImportTally(new Set(['+919810000003']));
    const first = tally.take(
      chunkOf([
        ['9810000001', 'A', '', 'Pune'],
        ['junk', 'B', '', ''],
        ['+4915112345678', 'C', '', ''],
      ]),
    );
    const second = tally.take(
      chunkOf(
        [
          ['+91 98100 00001', 'D', '', ''],
          ['9810000003', 'E', '', ''],
          ['+80012345678', 'F', '', ''],
        ],
        5,
      ),
    );
    expect(tally.counts).toEqual({ totalRows: 6, validRows: 3, invalidRows: 1, duplicateRows: 1, optedOutRows: 1 });
    expect(first.keep).toEqual([0, 1]);
    expect(second.keep).toEqual([2]);
    expect(second.issues.map((i) => [i.rowNumber, i.kind, i.value])).toEqual([
      [5, 'duplicate', '+91 98100 00001'],
      [6, 'opted_out', '9810000003'],
      [7, 'zone_unknown', '+80012345678'],
    ]);
    expect(second.issues[0]?.message).toBe('+919810000001 is already on row 2.');
    expect(tally.report()).toEqual({
      issuesByKind: { invalid: 1, duplicate: 1, opted_out: 1, zone_unknown: 1, zone_ambiguous: 1 },
      recipientsByZoneSource: { column: 0, prefix: 0, country: 1, fallback: 0, unknown: 2 },
      recipientsByCountrySource: { number: 2, row: 0, default: 1 },
      facets: [
        { country: 'IN', zone: 'Asia/Kolkata', recipients: 1 },
        { country: 'DE', zone: null, recipients: 1 },
        { country: '001', zone: null, recipients: 1 },
      ],
    });
  });

  it('keeps custom fields as JSON and the zone candidates of an ambiguous number', () => {
    const chunk = chunkOf([['+4915112345678', 'C', '', 'Berlin, Mitte']]);
    expect(chunk.recipients.fieldsJson).toEqual(['{"city":"Berlin, Mitte"}']);
    expect(chunk.recipients.zoneCandidatesJson).toEqual(['["Europe/Berlin","Europe/Zurich"]']);
  });
});

describe('narrowMapping', () => {
  it('keeps only the mapped columns, each once, and rewrites the mapping over them', () => {
    expect(narrowMapping({ hasHeader: false, phone: 4, name: 1, language: null, zone: 4, country: null, customFields: [{ column: 7, field: 'x' }] })).toEqual({
      columns: [4, 1, 7],
      narrowed: { hasHeader: false, phone: 0, name: 1, language: null, zone: 0, country: null, customFields: [{ column: 2, field: 'x' }] },
    });
  });
});

describe('issues CSV', () => {
  it('neutralises cells a spreadsheet would run, and quotes what needs quoting', () => {
    expect(['=1+2', '+919810000001', '-3', '@SUM(A1)', '\tx', 'plain'].map(neutralizeCell)).toEqual([
      "'=1+2",
      "'+919810000001",
      "'-3",
      "'@SUM(A1)",
      "'\tx",
      'plain',
    ]);
    const { csv, rows } = issuesCsv([{ rowNumber: 4, kind: 'invalid', value: '=HYPERLINK("x")', code: 'PHONE_NOT_A_NUMBER', message: 'a, b' }]);
    expect(rows).toBe(1);
    expect(csv).toBe('row,problem,value,code,reason\r\n4,invalid,"\'=HYPERLINK(""x"")",PHONE_NOT_A_NUMBER,"a, b"\r\n');
  });
});
