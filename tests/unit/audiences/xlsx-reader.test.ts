import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_COLUMNS, DEFAULT_MAX_FIELD_CHARS } from '../../../shared/csv-parser';
import { previewFile } from '../../../electron/core/audiences/file-preview';
import { XlsxReadError } from '../../../electron/core/audiences/xlsx-error';
import { columnOf, detectFileFormat, plainNumber, readXlsxRows } from '../../../electron/core/audiences/xlsx-reader';
import { sharedStringsXml, sheetXml, workbookParts, zipParts } from '../../bench/gen/audience-xlsx';

const dir = mkdtempSync(join(tmpdir(), 'desk-xlsx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const LIMITS = { maxColumns: DEFAULT_MAX_COLUMNS, maxFieldChars: DEFAULT_MAX_FIELD_CHARS };

function writeFile(bytes: Uint8Array): { path: string; size: number } {
  const path = join(dir, `book-${++files}.xlsx`);
  writeFileSync(path, bytes);
  return { path, size: bytes.length };
}

/** A workbook whose first sheet has these rows (XML inside <sheetData>), with these shared strings. */
function book(rowsXml: string, strings: string[] | null = null, more: Array<{ name: string; xml: string }> = []): { path: string; size: number } {
  return writeFile(zipParts(workbookParts([{ name: 'Audience', xml: sheetXml(rowsXml) }, ...more], strings)));
}

async function rows(file: { path: string; size: number }): Promise<Array<[number, string[]]>> {
  const found: Array<[number, string[]]> = [];
  const progress: number[] = [];
  await readXlsxRows(file.path, file.size, {
    ...LIMITS,
    onRow: (cells, rowNumber) => found.push([rowNumber, cells]),
    afterRead: (bytes) => void progress.push(bytes),
  });
  expect(progress.every((bytes) => bytes > 0 && bytes <= file.size)).toBe(true);
  return found;
}

async function refusal(file: { path: string; size: number }): Promise<XlsxReadError> {
  const error = await rows(file).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(XlsxReadError);
  return error as XlsxReadError;
}

describe('xlsx reader', () => {
  it('reads shared strings, inline strings, rich text and formula strings, skipping phonetic runs', async () => {
    const strings = ['phone', 'name', 'Zoë & Co'];
    const sst = sharedStringsXml(strings).replace(
      '</sst>',
      '<si><r><rPr><b/></rPr><t>Ri</t></r><r><t xml:space="preserve">ch text</t></r><rPh sb="0" eb="1"><t>ルビ</t></rPh></si></sst>',
    );
    const file = writeFile(
      zipParts({
        ...workbookParts(
          [
            {
              name: 'Audience',
              xml: sheetXml(
                '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>' +
                  '<row r="2"><c r="A2" t="inlineStr"><is><t>+91 98100 00001</t></is></c><c r="B2" t="s"><v>2</v></c></row>' +
                  '<row r="3"><c r="A3" t="inlineStr"><is><r><t>+1 212</t></r><r><t xml:space="preserve"> 555 0100</t></r></is></c>' +
                  '<c r="B3" t="s"><v>3</v></c></row>' +
                  '<row r="4"><c r="A4" t="str"><f>A2</f><v>+91 98100 00001</v></c><c r="B4" t="inlineStr"><is><t>line_x000D_break</t></is></c></row>',
              ),
            },
          ],
          strings,
        ),
        'xl/sharedStrings.xml': sst,
      }),
    );
    expect(await rows(file)).toEqual([
      [1, ['phone', 'name']],
      [2, ['+91 98100 00001', 'Zoë & Co']],
      [3, ['+1 212 555 0100', 'Rich text']],
      [4, ['+91 98100 00001', 'line\rbreak']],
    ]);
  });

  it('places cells by their reference: gaps are empty strings, empty rows are skipped, row numbers are the sheet’s', async () => {
    const file = book(
      '<row r="1"><c r="B1" t="inlineStr"><is><t>b</t></is></c><c r="D1" t="inlineStr"><is><t>d</t></is></c></row>' +
        '<row r="2" spans="1:4" s="3" customFormat="1"/>' +
        '<row r="5"><c r="A5" s="1"/><c r="C5"><v>7</v></c></row>' +
        '<row><c t="inlineStr"><is><t>x</t></is></c><c t="inlineStr"><is><t>y</t></is></c></row>',
    );
    expect(await rows(file)).toEqual([
      [1, ['', 'b', '', 'd']],
      [5, ['', '', '7']],
      [6, ['x', 'y']],
    ]);
  });

  it('writes numbers as plain digits (phones stored as numbers, exponent form too), booleans as TRUE/FALSE, errors as written', async () => {
    const file = book(
      '<row r="1"><c r="A1"><v>919812345678</v></c><c r="B1" t="n"><v>9.19812345678E11</v></c><c r="C1"><v>12125550100.0</v></c>' +
        '<c r="D1"><v>1.5</v></c><c r="E1" t="b"><v>1</v></c><c r="F1" t="b"><v>0</v></c><c r="G1" t="e"><v>#N/A</v></c><c r="H1"><v>45291</v></c></row>',
    );
    expect(await rows(file)).toEqual([[1, ['919812345678', '919812345678', '12125550100', '1.5', 'TRUE', 'FALSE', '#N/A', '45291']]]);
    expect(plainNumber('1E+21')).toBe('1000000000000000000000');
    expect(plainNumber('-4.4E2')).toBe('-440');
  });

  it('reads the first sheet in workbook order and ignores the others', async () => {
    const second = { name: 'Old list', xml: sheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>+919999999999</t></is></c></row>') };
    const parts = workbookParts([second, { name: 'Audience', xml: sheetXml('<row r="1"><c r="A1"><v>919810000001</v></c></row>') }], null);
    // The workbook lists "Audience" first although its part is sheet2.xml.
    parts['xl/workbook.xml'] = parts['xl/workbook.xml']!.replace(/<sheets>(<sheet [^>]+>)(<sheet [^>]+>)<\/sheets>/, '<sheets>$2$1</sheets>');
    const file = writeFile(zipParts(parts));
    expect(await rows(file)).toEqual([[1, ['919810000001']]]);
    const preview = await previewFile(file.path, file.size);
    expect(preview.file).toEqual({ format: 'xlsx', sheetName: 'Audience' });
  });

  it('previews the first rows from the same reader, header first, with a suggested mapping and an estimate', async () => {
    const strings = ['Mobile', 'First Name', 'City'];
    const body = Array.from(
      { length: 50 },
      (_, i) => `<row r="${i + 3}"><c r="A${i + 3}"><v>${919810000000 + i}</v></c><c r="B${i + 3}" t="inlineStr"><is><t>N${i}</t></is></c></row>`,
    ).join('');
    const file = book(`<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c><c r="C2" t="s"><v>2</v></c></row>${body}`, strings);
    const preview = await previewFile(file.path, file.size);
    expect(preview.rows[0]).toEqual(['Mobile', 'First Name', 'City']);
    expect(preview.rows[1]).toEqual(['919810000000', 'N0']);
    expect(preview.rows).toHaveLength(21);
    expect(preview.columnCount).toBe(3);
    expect(preview.suggestedMapping).toMatchObject({ hasHeader: true, phone: 0, name: 1, customFields: [{ column: 2, field: 'city' }] });
    expect(preview.estimatedRows).toBeGreaterThan(30);
  });

  it('tells a ZIP archive, a legacy or encrypted workbook and text apart by their first bytes', () => {
    expect(detectFileFormat(strToU8('PK\u0003\u0004rest'))).toBe('xlsx');
    expect(detectFileFormat(strToU8('phone,name\n'))).toBe('delimited');
    expect(detectFileFormat(strToU8('PK,name\nPK123,x\n'))).toBe('delimited');
    expect(() => detectFileFormat(Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]))).toThrow(
      /old-format Excel workbook \(\.xls\) or a password-protected one.*save it as an Excel Workbook \(\.xlsx\)/,
    );
    expect(columnOf('B12')).toBe(1);
    expect(columnOf('AA3')).toBe(26);
    expect(columnOf('12')).toBe(-1);
  });

  it('refuses a legacy .xls at preview with a message to act on', async () => {
    const file = writeFile(Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(600).fill(0)]));
    await expect(previewFile(file.path, file.size)).rejects.toThrow(/\.xls.*CSV/);
  });

  it('refuses a damaged ZIP, a ZIP that is not a workbook, a workbook without worksheets or missing its sheet', async () => {
    const good = zipParts(workbookParts([{ name: 'A', xml: sheetXml('') }], null));
    const cut = await refusal(writeFile(good.subarray(0, good.length - 30)));
    expect(cut.code).toBe('DAMAGED');
    expect(cut.message).toMatch(/damaged.*save it again.*CSV/);

    const notBook = await refusal(writeFile(zipSync({ 'notes.txt': strToU8('hello') })));
    expect(notBook).toMatchObject({ code: 'NO_WORKSHEET', message: expect.stringMatching(/not an Excel workbook \(it has no xl\/workbook\.xml\)/) });

    const parts = workbookParts([], null);
    const empty = await refusal(writeFile(zipParts(parts)));
    expect(empty).toMatchObject({ code: 'NO_WORKSHEET', message: expect.stringMatching(/no worksheet/) });

    const lost = workbookParts([{ name: 'Audience', xml: sheetXml('') }], null);
    delete lost['xl/worksheets/sheet1.xml'];
    expect(await refusal(writeFile(zipParts(lost)))).toMatchObject({ code: 'DAMAGED', message: expect.stringMatching(/sheet "Audience" is missing/) });
  });

  it('refuses malformed XML, naming the row where it broke', async () => {
    const file = book('<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row><row r="3"><c r="A3"><v>3</v></row>');
    const error = await refusal(file);
    expect(error.code).toBe('MALFORMED_XML');
    expect(error.message).toMatch(/malformed in row 3/);
    const bad = book('<row r="1"><c r="A1" t="s"><v>4</v></c></row>', ['only one']);
    expect((await refusal(bad)).message).toMatch(/A1 points at shared string 4, which does not exist/);
  });

  it('stops a zip bomb: a sheet compressed far beyond 200:1 is refused before it is read out', async () => {
    const row = '<row><c t="inlineStr"><is><t>+919810000001</t></is></c></row>';
    const file = writeFile(zipParts(workbookParts([{ name: 'Bomb', xml: sheetXml(row.repeat(200_000)) }], null), 9));
    let delivered = 0;
    const error = await readXlsxRows(file.path, file.size, { ...LIMITS, onRow: () => delivered++ }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(XlsxReadError);
    expect(error).toMatchObject({ code: 'TOO_LARGE', message: expect.stringMatching(/compressed more than 200:1.*zip bomb.*export it as CSV/) });
    expect(delivered).toBe(0);
  });

  it('refuses a sheet declared larger than 1 GiB before reading it, and one that inflates past its declared size', async () => {
    const rowsXml = '<row><c t="inlineStr"><is><t>+919810000001</t></is></c></row>'.repeat(100);
    const withDeclaredSize = (size: number) => {
      const bytes = zipParts(workbookParts([{ name: 'Audience', xml: sheetXml(rowsXml) }], null));
      const view = Buffer.from(bytes);
      // The central directory entry of the sheet: its uncompressed size sits 24 bytes in.
      const name = Buffer.from('xl/worksheets/sheet1.xml');
      for (let at = view.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at !== -1; at = view.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4)) {
        if (view.subarray(at + 46, at + 46 + name.length).equals(name)) view.writeUInt32LE(size, at + 24);
      }
      return writeFile(view);
    };
    expect(await refusal(withDeclaredSize(1024 ** 3 + 1))).toMatchObject({ code: 'TOO_LARGE', message: expect.stringMatching(/more than 1 GiB uncompressed/) });
    expect(await refusal(withDeclaredSize(100))).toMatchObject({ code: 'DAMAGED', message: expect.stringMatching(/larger than the archive says/) });
  });

  it('refuses a stray cell past the last column a mapping can use', async () => {
    const error = await refusal(book('<row r="4"><c r="A4"><v>1</v></c><c r="ZZZ4"><v>2</v></c></row>'));
    expect(error).toMatchObject({ code: 'TOO_MANY_COLUMNS', message: expect.stringMatching(/Row 4 has a value in column ZZZ4, past column 1000/) });
  });
});
