import { closeSync, openSync, writeSync } from 'node:fs';
import { strToU8, Zip, ZipDeflate, zipSync, type Zippable } from 'fflate';
import { AUDIENCE_HEADER, audienceRow, type AudienceCsvStats } from './audience-csv';

/**
 * Excel workbooks (.xlsx) for tests and benches, written the way Excel lays them out: the
 * package and workbook relationships, a workbook listing its sheets, shared strings, sheets.
 */
const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_RELS =
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;

export const xmlEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The parts of a workbook whose sheets are given as their XML; the first listed is the first sheet. */
export function workbookParts(sheets: Array<{ name: string; xml: string }>, sharedStrings: string[] | null): Record<string, string> {
  const rels = sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`);
  if (sharedStrings) rels.push(`<Relationship Id="rId${sheets.length + 1}" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/>`);
  const parts: Record<string, string> = {
    '_rels/.rels': PACKAGE_RELS,
    'xl/workbook.xml':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="${NS}" xmlns:r="${REL_NS}"><sheets>` +
      `${sheets.map((s, i) => `<sheet name="${xmlEscape(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`,
  };
  sheets.forEach((sheet, i) => (parts[`xl/worksheets/sheet${i + 1}.xml`] = sheet.xml));
  if (sharedStrings) parts['xl/sharedStrings.xml'] = sharedStringsXml(sharedStrings);
  return parts;
}

export function zipParts(parts: Record<string, string | Uint8Array>, level: 0 | 6 | 9 = 6): Uint8Array {
  const files: Zippable = {};
  for (const [name, content] of Object.entries(parts)) files[name] = [typeof content === 'string' ? strToU8(content) : content, { level }];
  return zipSync(files);
}

export function sharedStringsXml(strings: string[]): string {
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="${NS}" count="${strings.length}" uniqueCount="${strings.length}">` +
    `${strings.map((s) => `<si><t xml:space="preserve">${xmlEscape(s)}</t></si>`).join('')}</sst>`
  );
}

export const sheetXml = (rowsXml: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="${NS}" xmlns:r="${REL_NS}"><sheetData>${rowsXml}</sheetData></worksheet>`;

const columnName = (column: number) => {
  let name = '';
  for (let n = column + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
};

/** A row as Excel writes it: digits-only cells as numbers, other text as shared strings (`index` adds them). */
export function rowXml(rowNumber: number, cells: readonly string[], index: (text: string) => number): string {
  let xml = `<row r="${rowNumber}">`;
  cells.forEach((cell, column) => {
    if (cell === '') return;
    const ref = `${columnName(column)}${rowNumber}`;
    xml += /^\d{1,15}$/.test(cell) ? `<c r="${ref}"><v>${cell}</v></c>` : `<c r="${ref}" t="s"><v>${index(cell)}</v></c>`;
  });
  return `${xml}</row>`;
}

/** A one-sheet workbook of these rows (the first is row 1), as Excel would save them. */
export function workbookOfRows(rows: readonly string[][], sheetName = 'Sheet1'): Uint8Array {
  const strings: string[] = [];
  const seen = new Map<string, number>();
  const index = (text: string) => {
    let at = seen.get(text);
    if (at === undefined) {
      at = strings.push(text) - 1;
      seen.set(text, at);
    }
    return at;
  };
  const xml = sheetXml(rows.map((cells, i) => rowXml(i + 1, cells, index)).join(''));
  return zipParts(workbookParts([{ name: sheetName, xml }], strings));
}

/**
 * The generated audience of `writeAudienceCsv` (same rows, same values) as a workbook, streamed to
 * disk: phones of digits as numbers, every other text as a shared string. Values repeated on every
 * row are shared once; names and e-mails are distinct, as in a real export.
 */
export async function writeAudienceXlsx(path: string, rows: number, badEvery = 1000): Promise<AudienceCsvStats> {
  const fd = openSync(path, 'w');
  let bytes = 0;
  const zip = new Zip((error, data) => {
    if (error) throw error;
    bytes += data.length;
    writeSync(fd, data);
  });
  const entry = (name: string, write: (push: (text: string) => void) => void) => {
    const file = new ZipDeflate(name, { level: 6 });
    zip.add(file);
    let buffered = '';
    write((text) => {
      buffered += text;
      if (buffered.length > 1 << 20) {
        file.push(strToU8(buffered));
        buffered = '';
      }
    });
    file.push(strToU8(buffered), true);
  };
  const common = [...AUDIENCE_HEADER, 'en', 'hi', 'Asia/Kolkata', 'Pune, MH', 'gold'];
  const commonIndex = new Map(common.map((text, i) => [text, i]));
  /** Every text cell in file order: common values by their fixed index, the rest appended. */
  const eachRow = (visit: (cells: string[], textIndex: (text: string) => number) => void) => {
    let next = common.length;
    const textIndex = (text: string) => commonIndex.get(text) ?? next++;
    visit([...AUDIENCE_HEADER], textIndex);
    let previousPhone = '9800000000';
    for (let i = 1; i <= rows; i++) {
      const { cells } = audienceRow(i, previousPhone, badEvery);
      previousPhone = cells[0] ?? '';
      visit(cells, textIndex);
    }
  };
  let invalid = 0;
  let duplicates = 0;
  entry('[Content_Types].xml', (push) =>
    push('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
  );
  for (const [name, xml] of Object.entries(workbookParts([{ name: 'Audience', xml: '' }], []))) {
    if (!name.startsWith('xl/worksheets') && name !== 'xl/sharedStrings.xml') entry(name, (push) => push(xml));
  }
  entry('xl/worksheets/sheet1.xml', (push) => {
    push(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${NS}" xmlns:r="${REL_NS}"><dimension ref="A1:H${rows + 1}"/><sheetData>`);
    let rowNumber = 0;
    eachRow((cells, textIndex) => push(rowXml(++rowNumber, cells, textIndex)));
    push('</sheetData></worksheet>');
  });
  entry('xl/sharedStrings.xml', (push) => {
    push(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="${NS}">`);
    for (const text of common) push(`<si><t>${xmlEscape(text)}</t></si>`);
    eachRow((cells) => {
      for (const cell of cells) if (cell !== '' && !/^\d{1,15}$/.test(cell) && !commonIndex.has(cell)) push(`<si><t>${xmlEscape(cell)}</t></si>`);
    });
    push('</sst>');
  });
  zip.end();
  closeSync(fd);
  let previousPhone = '9800000000';
  for (let i = 1; i <= rows; i++) {
    const row = audienceRow(i, previousPhone, badEvery);
    previousPhone = row.cells[0] ?? '';
    if (row.invalid) invalid++;
    if (row.duplicate) duplicates++;
  }
  return { rows, invalid, duplicates, bytes };
}
