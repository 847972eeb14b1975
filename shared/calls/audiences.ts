import { z } from 'zod';
import { emptyInput, isoInstant, profileId } from './common';
import { defineCall, defineFeature } from './define';
import { COUNTRY_SOURCES } from '../country-source';

export const audienceId = z.string().uuid();
export const uploadId = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);
export const audienceStatus = z.enum(['importing', 'ready', 'failed', 'cancelled']);
export const zoneSource = z.enum(['column', 'prefix', 'country', 'fallback', 'unknown']);
/** What decided a recipient's country: its number's +code, its row's Country column, or the default country. */
export const countrySource = z.enum(COUNTRY_SOURCES);
export const audienceIssueKind = z.enum(['invalid', 'duplicate', 'opted_out', 'zone_unknown', 'zone_ambiguous']);
export const fileEncoding = z.enum(['utf-8', 'utf-16le', 'utf-16be', 'windows-1252']);
export const fileDelimiter = z.enum([',', ';', '\t', '|']);
/** Delimited text (CSV, TSV…) or an Excel workbook (.xlsx), whose first sheet is read. */
export const fileFormat = z.enum(['delimited', 'xlsx']);
/** Personalisation field names, as written in a message: {{first_name}}. */
export const customFieldName = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'Use lower-case letters, digits and _ (starting with a letter).');
const columnIndex = z.number().int().min(0).max(999);
const countryCode = z.string().regex(/^[A-Z]{2}$/, 'Choose a two-letter country code such as IN or US.');

export const columnMapping = z.strictObject({
  hasHeader: z.boolean(),
  phone: columnIndex,
  name: columnIndex.nullable(),
  language: columnIndex.nullable(),
  zone: columnIndex.nullable(),
  /** A per-row country column (ISO code, English name or dialling code); absent means none. */
  country: columnIndex.nullable().default(null),
  customFields: z.array(z.strictObject({ column: columnIndex, field: customFieldName })).max(50),
});
export type ColumnMappingInput = z.infer<typeof columnMapping>;

export const audiencePreview = z.strictObject({
  uploadId,
  fileName: z.string(),
  sizeBytes: z.number().int().min(0),
  format: fileFormat,
  /** Delimited text only (null for a workbook). */
  encoding: fileEncoding.nullable(),
  delimiter: fileDelimiter.nullable(),
  /** A workbook's sheet that is read (the first); null for text. */
  sheetName: z.string().nullable(),
  /** The first rows as read (header included when there is one). */
  rows: z.array(z.array(z.string())),
  columnCount: z.number().int(),
  suggestedMapping: columnMapping,
  /** Data rows (header excluded): exact when the whole file was read for the preview, else from the file size and the first rows' average length. */
  estimatedRows: z.number().int(),
  rowsExact: z.boolean(),
});
export type AudiencePreview = z.infer<typeof audiencePreview>;

const countsByKind = z.strictObject({
  invalid: z.number(),
  duplicate: z.number(),
  opted_out: z.number(),
  zone_unknown: z.number(),
  zone_ambiguous: z.number(),
});
const countsByZoneSource = z.strictObject({ column: z.number(), prefix: z.number(), country: z.number(), fallback: z.number(), unknown: z.number() });
const countsByCountrySource = z.strictObject({ number: z.number(), row: z.number(), default: z.number() });
export const recipientFacet = z.strictObject({ country: z.string().nullable(), zone: z.string().nullable(), recipients: z.number().int() });
export type RecipientFacetView = z.infer<typeof recipientFacet>;

export const audienceView = z.strictObject({
  id: audienceId,
  name: z.string(),
  sourceName: z.string().nullable(),
  status: audienceStatus,
  failureReason: z.string().nullable(),
  defaultCountry: z.string().nullable(),
  customFields: z.array(z.string()),
  totalRows: z.number().int(),
  validRows: z.number().int(),
  invalidRows: z.number().int(),
  duplicateRows: z.number().int(),
  optedOutRows: z.number().int(),
  createdAt: isoInstant,
  updatedAt: isoInstant,
});
export type AudienceView = z.infer<typeof audienceView>;

export const audienceDetail = audienceView.extend({
  report: z
    .strictObject({
      issuesByKind: countsByKind,
      recipientsByZoneSource: countsByZoneSource,
      /** Null for audiences imported before countries were read per row. */
      recipientsByCountrySource: countsByCountrySource.nullable(),
      facets: z.array(recipientFacet),
    })
    .nullable(),
});
export type AudienceDetail = z.infer<typeof audienceDetail>;

export const recipientView = z.strictObject({
  rowNumber: z.number().int(),
  phoneE164: z.string(),
  country: z.string().nullable(),
  countrySource: countrySource.nullable(),
  zone: z.string().nullable(),
  zoneSource: zoneSource,
  zoneCandidates: z.array(z.string()).nullable(),
  language: z.string().nullable(),
  name: z.string().nullable(),
  fields: z.record(z.string(), z.string()).nullable(),
});
export type RecipientView = z.infer<typeof recipientView>;

export const audienceIssueView = z.strictObject({
  rowNumber: z.number().int(),
  kind: audienceIssueKind,
  value: z.string().nullable(),
  code: z.string(),
  message: z.string(),
});
export type AudienceIssueView = z.infer<typeof audienceIssueView>;

const byAudience = z.strictObject({ audienceId });

export const audienceCalls = {
  'audiences.preview': defineCall({
    input: z.strictObject({ uploadId }),
    output: audiencePreview,
    access: 'anyone',
  }),
  'audiences.import': defineCall({
    input: z.strictObject({
      uploadId,
      name: z.string().trim().min(1, 'Give the audience a name.').max(120),
      mapping: columnMapping,
      /** For numbers written without a country code. */
      defaultCountry: countryCode.nullable(),
    }),
    output: z.strictObject({ audienceId }),
    access: 'anyone',
  }),
  'audiences.cancelImport': defineCall({ input: byAudience, output: z.strictObject({ cancelled: z.boolean() }), access: 'anyone' }),
  'audiences.list': defineCall({ input: z.strictObject({}), output: z.array(audienceView), access: 'anyone' }),
  'audiences.get': defineCall({ input: byAudience, output: audienceDetail, access: 'anyone' }),
  'audiences.delete': defineCall({ input: byAudience, output: z.strictObject({ deleted: z.boolean() }), access: 'anyone' }),
  'audiences.issues': defineCall({
    input: z.strictObject({
      audienceId,
      kind: audienceIssueKind.nullable(),
      afterRow: z.number().int().min(0),
      limit: z.number().int().min(1).max(500),
    }),
    output: z.strictObject({ issues: z.array(audienceIssueView), total: z.number().int() }),
    access: 'anyone',
  }),
  /** The invalid rows (and, on request, the other rejected rows) as CSV text, safe to open in a spreadsheet. */
  'audiences.exportIssues': defineCall({
    input: z.strictObject({ audienceId, kinds: z.array(audienceIssueKind).min(1).max(5) }),
    output: z.strictObject({ fileName: z.string(), csv: z.string(), rows: z.number().int() }),
    access: 'anyone',
  }),
  'audiences.recipients': defineCall({
    input: z.strictObject({
      audienceId,
      /** Keyset: the last row number of the previous page (0 for the first). */
      afterRow: z.number().int().min(0),
      /** Rows to skip after afterRow: for jumps where the previous page is not known. */
      offset: z.number().int().min(0).max(10_000_000),
      limit: z.number().int().min(1).max(1000),
      search: z.string().max(100).optional(),
      country: z.string().max(3).optional(),
      zone: z.string().max(64).nullable().optional(),
      /** Also count every match (for the table's height): skip it on follow-up pages. */
      withTotal: z.boolean(),
    }),
    output: z.strictObject({ recipients: z.array(recipientView), total: z.number().int().nullable() }),
    access: 'anyone',
  }),
};

export const audienceEvents = {
  'audiences.importProgress': z.strictObject({
    profileId,
    audienceId,
    rowsRead: z.number().int(),
    bytesRead: z.number().int(),
    totalBytes: z.number().int(),
    /** 0–100, by bytes read. */
    percent: z.number().min(0).max(100),
    validRows: z.number().int(),
  }),
  'audiences.changed': z.strictObject({ profileId, audienceId: audienceId.nullable() }),
};

export const suppressionView = z.strictObject({ phoneE164: z.string(), reason: z.enum(['opt_out', 'do_not_contact']), createdAt: isoInstant });
export type SuppressionView = z.infer<typeof suppressionView>;

/** The most numbers one `suppressions.import` call takes: a file goes in chunks, one transaction each. */
export const SUPPRESSION_IMPORT_CHUNK = 5_000;
const suppressionReason = z.enum(['opt_out', 'do_not_contact']);
const suppressionInvalid = z.strictObject({ value: z.string(), message: z.string() });

/** The active profile's suppression list: numbers no import turns into recipients. */
export const suppressionCalls = {
  'suppressions.list': defineCall({
    input: z.strictObject({
      limit: z.number().int().min(1).max(500),
      /** The start of a number (digits, with or without +, spaces and dashes ignored): only numbers beginning so. */
      search: z
        .string()
        .max(32)
        .regex(/^[+\d\s().-]*$/, 'Search by the start of a number: digits, with or without +.')
        .optional(),
    }),
    /** `total`: the whole list; `matching`: the numbers the search matches (the whole list without one); `latest`: the newest of those. */
    output: z.strictObject({ total: z.number().int(), matching: z.number().int(), latest: z.array(suppressionView) }),
    access: 'anyone',
  }),
  'suppressions.add': defineCall({
    input: z.strictObject({
      /** Numbers separated by new lines, commas or semicolons. */
      numbers: z.string().min(1).max(200_000),
      reason: suppressionReason,
      defaultCountry: countryCode.nullable(),
    }),
    output: z.strictObject({ added: z.number().int(), alreadyListed: z.number().int(), invalid: z.array(suppressionInvalid) }),
    access: 'anyone',
  }),
  /** One chunk of a suppression file, added in one transaction. Repeats (in the file or the list) count as already listed. */
  'suppressions.import': defineCall({
    input: z.strictObject({
      numbers: z.array(z.string().max(64)).min(1).max(SUPPRESSION_IMPORT_CHUNK),
      reason: suppressionReason,
      defaultCountry: countryCode.nullable(),
    }),
    /** `invalid`: the first 50 of the chunk, `index` their position in `numbers`; `invalidCount`: all of them. */
    output: z.strictObject({
      added: z.number().int(),
      alreadyListed: z.number().int(),
      invalidCount: z.number().int(),
      invalid: z.array(z.strictObject({ index: z.number().int(), ...suppressionInvalid.shape })),
    }),
    access: 'anyone',
  }),
  'suppressions.remove': defineCall({
    input: z.strictObject({ phoneE164: z.string().regex(/^\+\d{4,15}$/) }),
    output: z.strictObject({ removed: z.boolean() }),
    access: 'anyone',
  }),
  /** The whole list as CSV (phone, reason, added_at), formula-like cells neutralised. */
  'suppressions.export': defineCall({
    input: emptyInput,
    output: z.strictObject({ fileName: z.string(), csv: z.string(), rows: z.number().int() }),
    access: 'anyone',
  }),
};

export const audiencesFeature = defineFeature({ calls: audienceCalls, events: audienceEvents });
export const suppressionsFeature = defineFeature({ calls: suppressionCalls });
