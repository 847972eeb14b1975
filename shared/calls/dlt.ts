import { z } from 'zod';
import { dltCategory, dltEntityId, dltTemplateId } from '../dlt/categories';
import { dltHeader, dltRegistryView, dltTemplate } from '../dlt/registry';
import { dltCsvFields } from '../dlt/registry-csv';
import { emptyInput } from './common';
import { defineCall, defineFeature } from './define';

/**
 * A DLT portal export is a few hundred rows (tens of kB). The cap keeps the call under the
 * browser host's 1 MB body limit even for Devanagari text (3 bytes a character).
 */
export const DLT_IMPORT_MAX_CHARS = 300_000;

export const dltImportReport = z.strictObject({
  /** Which column each field was read from (0-based), as found by its header name. */
  mapping: z.partialRecord(z.enum(dltCsvFields), z.number().int()),
  missingColumns: z.array(z.enum(dltCsvFields)),
  added: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  invalid: z.number().int(),
  rows: z.array(
    z.strictObject({
      line: z.number().int(),
      outcome: z.enum(['added', 'updated', 'skipped', 'invalid']),
      templateId: z.string().nullable(),
      reason: z.string().nullable(),
    }),
  ),
  entityId: z.string().nullable(),
});
export type DltImportReport = z.infer<typeof dltImportReport>;

/** The active profile's India DLT registry: principal entity, headers, templates. */
export const dltCalls = {
  'dlt.registry': defineCall({ input: emptyInput, output: dltRegistryView, access: 'anyone' }),
  'dlt.setEntityId': defineCall({ input: z.strictObject({ entityId: dltEntityId.nullable() }), output: dltRegistryView, access: 'anyone' }),
  'dlt.addHeader': defineCall({ input: dltHeader, output: dltRegistryView, access: 'anyone' }),
  'dlt.removeHeader': defineCall({
    input: z.strictObject({ header: z.string().trim().min(1).max(20), category: dltCategory }),
    output: dltRegistryView,
    access: 'anyone',
  }),
  'dlt.saveTemplate': defineCall({ input: dltTemplate, output: dltRegistryView, access: 'anyone' }),
  'dlt.removeTemplate': defineCall({ input: z.strictObject({ templateId: dltTemplateId }), output: dltRegistryView, access: 'anyone' }),
  /** The text of a DLT portal's CSV export; columns are found by their header names. */
  'dlt.importCsv': defineCall({ input: z.strictObject({ text: z.string().max(DLT_IMPORT_MAX_CHARS) }), output: dltImportReport, access: 'anyone' }),
};

export const dltFeature = defineFeature({ calls: dltCalls });
