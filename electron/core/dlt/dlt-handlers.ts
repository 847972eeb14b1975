import { dltCalls, type DltImportReport } from '../../../shared/calls/dlt';
import { headerProblem } from '../../../shared/dlt/categories';
import type { DltHeader, DltTemplate } from '../../../shared/dlt/registry';
import { readDltCsv } from '../../../shared/dlt/registry-csv';
import { DeskError } from '../../../shared/errors';
import { defineHandlers } from '../define-handlers';
import type { CoreServices } from '../core-services';
import type { DltRegistryRepository } from '../store/dlt-registry-repository';
import { isoAt } from '../time';

/** The active profile's India DLT registry: edited by hand or imported from a portal's CSV export. */
export const dltHandlers = defineHandlers(dltCalls, (s) => {
  const registry = s.dltRegistry;
  const view = (profileId: string) => registry.registry(profileId);
  return {
    'dlt.registry': () => view(s.requireActiveProfile().id),
    'dlt.setEntityId': ({ entityId }) => {
      const profileId = s.requireActiveProfile().id;
      registry.setEntityId(profileId, entityId, isoAt(s.clock()));
      return view(profileId);
    },
    'dlt.addHeader': (header) => {
      const profileId = s.requireActiveProfile().id;
      registry.addHeader(profileId, header);
      return view(profileId);
    },
    'dlt.removeHeader': (header) => {
      const profileId = s.requireActiveProfile().id;
      const { usedBy } = registry.removeHeader(profileId, header);
      if (usedBy > 0) {
        throw new DeskError('VALIDATION_FAILED', `${usedBy} template(s) use ${header.header} for this category. Remove or change them first.`, {
          field: 'header',
        });
      }
      return view(profileId);
    },
    'dlt.saveTemplate': (template) => {
      const profileId = s.requireActiveProfile().id;
      const problem = headerProblem(template.header, template.category);
      if (problem) throw new DeskError('VALIDATION_FAILED', problem, { field: 'header' });
      registry.saveTemplate(profileId, template);
      return view(profileId);
    },
    'dlt.removeTemplate': ({ templateId }) => {
      const profileId = s.requireActiveProfile().id;
      if (!registry.removeTemplate(profileId, templateId))
        throw new DeskError('VALIDATION_FAILED', `No template ${templateId} in this registry.`, { field: 'templateId' });
      return view(profileId);
    },
    'dlt.importCsv': ({ text }) => importCsv(s, registry, text),
  };
});

function importCsv(s: CoreServices, registry: DltRegistryRepository, text: string): DltImportReport {
  const profileId = s.requireActiveProfile().id;
  const reading = readDltCsv(text);
  const rows: DltImportReport['rows'] = [];
  const templates = new Map<string, { template: DltTemplate; line: number }>();
  const headers: DltHeader[] = [];
  const entityIds = new Set<string>();
  const current = registry.registry(profileId).entityId;
  for (const row of reading.rows) {
    if (row.outcome !== 'template') {
      rows.push({ line: row.line, outcome: row.outcome, templateId: row.templateId, reason: row.reason });
      continue;
    }
    const repeated = templates.get(row.template.templateId);
    if (repeated) {
      rows.push({
        line: row.line,
        outcome: 'invalid',
        templateId: row.template.templateId,
        reason: `Template ${row.template.templateId} is also on line ${repeated.line}; the first one is kept.`,
      });
      continue;
    }
    const otherEntity = row.entityId !== null && (current !== null ? row.entityId !== current : entityIds.size > 0 && !entityIds.has(row.entityId));
    if (otherEntity) {
      rows.push({
        line: row.line,
        outcome: 'invalid',
        templateId: row.template.templateId,
        reason: `Entity ID ${row.entityId} is not this registry's ${current ?? [...entityIds][0]}: a registry holds one principal entity.`,
      });
      continue;
    }
    if (row.entityId !== null) entityIds.add(row.entityId);
    templates.set(row.template.templateId, { template: row.template, line: row.line });
    for (const header of [row.template.header, ...row.extraHeaders]) headers.push({ header, category: row.template.category });
    rows.push({ line: row.line, outcome: 'added', templateId: row.template.templateId, reason: null });
  }
  const entityId = current === null ? ([...entityIds][0] ?? null) : null;
  const { added } = registry.importRegistry(
    profileId,
    { templates: [...templates.values()].map((entry) => entry.template), headers, entityId },
    isoAt(s.clock()),
  );
  for (const row of rows) if (row.outcome === 'added' && row.templateId !== null && !added.has(row.templateId)) row.outcome = 'updated';
  const count = (outcome: DltImportReport['rows'][number]['outcome']) => rows.filter((row) => row.outcome === outcome).length;
  return {
    mapping: reading.mapping,
    missingColumns: reading.missing,
    added: count('added'),
    updated: count('updated'),
    skipped: count('skipped'),
    invalid: count('invalid'),
    rows,
    entityId: registry.registry(profileId).entityId,
  };
}
