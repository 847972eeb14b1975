import { CsvSyntaxError } from '../csv-parser';
import { readCsvRecords, type CsvRecord } from '../csv-records';
import { DLT_CATEGORY_LABELS, dltCategories, headerProblem, type DltCategory } from './categories';
import { dltTemplate, type DltTemplate } from './registry';

/**
 * Reading a DLT portal's template export (Jio TrueConnect, Vodafone Idea Vilpower, Airtel,
 * Smartping…): the columns are found by their header names, whatever their order, spelling or
 * delimiter, and every row is reported: imported, skipped (not approved) or refused with the reason.
 */
export const dltCsvFields = ['templateId', 'name', 'text', 'header', 'category', 'entityId', 'status'] as const;
export type DltCsvField = (typeof dltCsvFields)[number];

/** Header names seen in portal exports, compared without case, spaces or punctuation. */
const FIELD_SYNONYMS: Record<DltCsvField, readonly string[]> = {
  templateId: ['templateid', 'dlttemplateid', 'contenttemplateid', 'ctid', 'tempid', 'templateidno'],
  name: ['templatename', 'name', 'templatetitle', 'title'],
  text: ['templatecontent', 'content', 'templatemessage', 'message', 'templatetext', 'text', 'body', 'contentmessage', 'template'],
  header: ['header', 'headers', 'senderid', 'sender', 'headername', 'headerid', 'cli', 'senderids'],
  category: ['category', 'templatetype', 'type', 'contenttype', 'templatecategory', 'communicationtype', 'messagetype'],
  entityId: ['entityid', 'peid', 'principalentityid', 'peidno', 'dltentityid', 'entity'],
  status: ['status', 'templatestatus', 'approvalstatus', 'state'],
};

const REQUIRED: readonly DltCsvField[] = ['templateId', 'text', 'header', 'category'];

export type DltColumnMapping = Partial<Record<DltCsvField, number>>;

const key = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Column index of each field, from the header row; the first column that fits a field wins. */
export function mapDltColumns(headerRow: readonly string[]): DltColumnMapping {
  const mapping: DltColumnMapping = {};
  headerRow.forEach((cell, index) => {
    const name = key(cell);
    for (const field of dltCsvFields) {
      if (mapping[field] === undefined && FIELD_SYNONYMS[field].includes(name)) {
        mapping[field] = index;
        return;
      }
    }
  });
  return mapping;
}

/** "Service Implicit", "SERVICE-EXPLICIT", "Promo", "TXN", "SI", "Service (Implicit)" … → a category. */
export function parseDltCategory(text: string): DltCategory | null {
  const name = key(text);
  const aliases: Record<string, DltCategory> = {
    promotional: 'promotional',
    promotion: 'promotional',
    promo: 'promotional',
    transactional: 'transactional',
    transaction: 'transactional',
    txn: 'transactional',
    serviceimplicit: 'service_implicit',
    si: 'service_implicit',
    implicit: 'service_implicit',
    serviceexplicit: 'service_explicit',
    se: 'service_explicit',
    explicit: 'service_explicit',
  };
  return aliases[name] ?? null;
}

export type DltImportRow =
  | { line: number; outcome: 'template'; template: DltTemplate; extraHeaders: string[]; entityId: string | null }
  | { line: number; outcome: 'skipped'; templateId: string | null; reason: string }
  | { line: number; outcome: 'invalid'; templateId: string | null; reason: string };

export interface DltCsvReading {
  mapping: DltColumnMapping;
  /** Fields no column was found for; when a required one is missing nothing is read. */
  missing: DltCsvField[];
  rows: DltImportRow[];
}

const APPROVED = new Set(['approved', 'active', 'accepted', 'registered', 'live']);

/** Reads a whole export (it is small: portals export hundreds of templates, not millions). */
export function readDltCsv(text: string): DltCsvReading {
  let records: CsvRecord[];
  try {
    records = readCsvRecords(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError)
      return { mapping: {}, missing: [...REQUIRED], rows: [{ line: error.line, outcome: 'invalid', templateId: null, reason: error.message }] };
    throw error;
  }
  const [header, ...body] = records;
  if (!header) return { mapping: {}, missing: [...REQUIRED], rows: [] };
  const mapping = mapDltColumns(header.cells);
  const missing = REQUIRED.filter((field) => mapping[field] === undefined);
  if (missing.length > 0) return { mapping, missing, rows: [] };
  const rows = body.map((record) => readRow(record.cells, record.line, mapping));
  return { mapping, missing, rows };
}

function readRow(cells: readonly string[], line: number, mapping: DltColumnMapping): DltImportRow {
  const cell = (field: DltCsvField) => {
    const index = mapping[field];
    return index === undefined ? '' : (cells[index] ?? '').trim();
  };
  // Spreadsheets turn 19-digit IDs into 1.10716E+18: the digits are lost and cannot be guessed back.
  const templateId = cell('templateId');
  if (/e\+?\d+$/i.test(templateId)) {
    return {
      line,
      outcome: 'invalid',
      templateId,
      reason: `The template ID "${templateId}" was shortened by a spreadsheet. Export the file again, or format the column as text.`,
    };
  }
  const status = cell('status');
  if (status !== '' && !APPROVED.has(key(status))) {
    return { line, outcome: 'skipped', templateId: templateId || null, reason: `Status "${status}": only approved templates can be used.` };
  }
  const categoryText = cell('category');
  const category = parseDltCategory(categoryText);
  if (!category) {
    return {
      line,
      outcome: 'invalid',
      templateId: templateId || null,
      reason: `"${categoryText}" is not a DLT category (${dltCategories.map((c) => DLT_CATEGORY_LABELS[c]).join(', ')}).`,
    };
  }
  // Some portals list several headers for one template.
  const headers = cell('header')
    .split(/[\s,;|/]+/)
    .filter(Boolean);
  const [first, ...extra] = headers;
  if (!first) return { line, outcome: 'invalid', templateId: templateId || null, reason: 'No header (sender ID) on this row.' };
  for (const header of headers) {
    const problem = headerProblem(header, category);
    if (problem) return { line, outcome: 'invalid', templateId: templateId || null, reason: problem };
  }
  const parsed = dltTemplate.safeParse({ templateId, name: cell('name'), header: first, category, text: cell('text') });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { line, outcome: 'invalid', templateId: templateId || null, reason: issue?.message ?? 'This row is not a template.' };
  }
  const entityId = cell('entityId').replace(/\s/g, '');
  if (entityId !== '' && !/^\d{1,30}$/.test(entityId)) {
    return {
      line,
      outcome: 'invalid',
      templateId,
      reason: `The entity ID "${entityId}" is not digits only${/e\+?\d+$/i.test(entityId) ? ' (a spreadsheet shortened it)' : ''}.`,
    };
  }
  return { line, outcome: 'template', template: parsed.data, extraHeaders: extra, entityId: entityId || null };
}
