import { describe, expect, it } from 'vitest';
import { creditHistoryCsv } from '../../../shared/credit-history-csv';
import { csvCell, neutraliseCell, toCsv } from '../../../shared/csv-export';

describe('CSV export', () => {
  it('neutralises cells a spreadsheet would run as a formula', () => {
    for (const formula of ['=1+1', '+1+1', '-1+1', '@SUM(A1)', '=HYPERLINK("http://x")', '-cmd|calc', '\t=1', '\r=1']) {
      expect(neutraliseCell(formula)).toBe(`'${formula}`);
    }
    expect(neutraliseCell('AcmeNorth')).toBe('AcmeNorth');
  });

  it('leaves phone numbers (+ and digits only) as they are, from several countries', () => {
    for (const phone of ['+17735550123', '+919810000001', '+447400123456', '+6581234567', '+971501234567']) {
      expect(neutraliseCell(phone)).toBe(phone);
      expect(toCsv(['phone'], [[phone]])).toBe(`phone\r\n${phone}\r\n`);
    }
  });

  it('still neutralises formula-like cells that merely start like a phone number', () => {
    for (const formula of ['+1773+1', '+91 98100 00001', '+1(773)5550123', '+1773555012;=cmd', '+1e5', '+', '+1.5', '+1773\n=1', '+١٢٣']) {
      expect(neutraliseCell(formula)).toBe(`'${formula}`);
    }
  });

  it('keeps plain numbers, negative ones included, as numbers', () => {
    expect(neutraliseCell('-250.00')).toBe('-250.00');
    expect(neutraliseCell('12')).toBe('12');
    expect(neutraliseCell('-1e5')).toBe("'-1e5");
  });

  it('quotes separators, quotes and line breaks (RFC 4180) and ends lines with CRLF', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=a,b')).toBe(`"'=a,b"`);
    expect(csvCell(null)).toBe('');
    expect(toCsv(['x', 'y'], [['1', 'two\nlines']])).toBe('x,y\r\n1,"two\nlines"\r\n');
  });

  it('writes the credits history with exact amounts and the currency’s decimals', () => {
    const csv = creditHistoryCsv([
      {
        id: 2,
        sid: 'P_4',
        subaccountName: '=Evil',
        kind: 'withdrawal',
        amountMinor: -200_00,
        currency: 'INR',
        balanceAfterMinor: 1_050_00,
        source: 'desktop',
        at: '2025-03-02T10:00:00.000Z',
      },
      {
        id: 1,
        sid: 'P_4',
        subaccountName: 'AcmeEast',
        kind: 'initial_credit',
        amountMinor: 1_000_05,
        currency: 'INR',
        balanceAfterMinor: null,
        source: 'pull',
        at: '2025-03-01T10:00:00.000Z',
      },
    ]);
    expect(csv.split('\r\n')).toEqual([
      'Date (UTC),Sub-account,SID,Movement,Amount,Currency,Balance after,Recorded by',
      "2025-03-02T10:00:00.000Z,'=Evil,P_4,Withdrawal,-200.00,INR,1050.00,this desktop",
      '2025-03-01T10:00:00.000Z,AcmeEast,P_4,Initial credit,1000.05,INR,,sync',
      '',
    ]);
  });
});
