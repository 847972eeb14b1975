import type { DltCategory } from '../../../shared/dlt/categories';
import type { DltHeader, DltRegistryView, DltTemplate } from '../../../shared/dlt/registry';
import { templateView } from '../../../shared/dlt/registry';
import type { SqliteDatabase } from './database';
import { statementsOf, type StatementCache } from '../../../sqlite/statement-cache';
import { msOfIso } from './stored-instants';

export interface DltImportWrite {
  templates: DltTemplate[];
  headers: DltHeader[];
  entityId: string | null;
}

/** India DLT registration per profile: principal entity ID, headers with category, templates. */
export class DltRegistryRepository {
  private readonly statements: StatementCache;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = statementsOf(db);
  }

  private get entityStatement() {
    return this.statements.statement<{ profileId: string }, { entity_id: string }>('SELECT entity_id FROM dlt_entities WHERE profile_id = @profileId');
  }

  private get setEntityStatement() {
    return this.statements.statement(
      `INSERT INTO dlt_entities (profile_id, entity_id, updated_at_ms) VALUES (@profileId, @entityId, @atMs)
       ON CONFLICT (profile_id) DO UPDATE SET entity_id = excluded.entity_id, updated_at_ms = excluded.updated_at_ms`,
    );
  }

  private get clearEntityStatement() {
    return this.statements.statement('DELETE FROM dlt_entities WHERE profile_id = @profileId');
  }

  private get headersStatement() {
    return this.statements.statement<{ profileId: string }, { header: string; category: DltCategory }>(
      'SELECT header, category FROM dlt_headers WHERE profile_id = @profileId ORDER BY header, category',
    );
  }

  private get addHeaderStatement() {
    return this.statements.statement('INSERT INTO dlt_headers (profile_id, header, category) VALUES (@profileId, @header, @category) ON CONFLICT DO NOTHING');
  }

  private get removeHeaderStatement() {
    return this.statements.statement('DELETE FROM dlt_headers WHERE profile_id = @profileId AND header = @header AND category = @category');
  }

  private get templatesStatement() {
    return this.statements.statement<{ profileId: string }, { templateId: string; name: string; header: string; category: DltCategory; text: string }>(
      'SELECT template_id AS templateId, name, header, category, text FROM dlt_templates WHERE profile_id = @profileId ORDER BY template_id',
    );
  }

  private get templateStatement() {
    return this.statements.statement<{ profileId: string; templateId: string }, { templateId: string }>(
      'SELECT template_id AS templateId FROM dlt_templates WHERE profile_id = @profileId AND template_id = @templateId',
    );
  }

  private get saveTemplateStatement() {
    return this.statements.statement(
      `INSERT INTO dlt_templates (profile_id, template_id, name, header, category, text) VALUES (@profileId, @templateId, @name, @header, @category, @text)
       ON CONFLICT (profile_id, template_id) DO UPDATE SET name = excluded.name, header = excluded.header, category = excluded.category, text = excluded.text`,
    );
  }

  private get removeTemplateStatement() {
    return this.statements.statement('DELETE FROM dlt_templates WHERE profile_id = @profileId AND template_id = @templateId');
  }

  private get templatesUsingHeaderStatement() {
    return this.statements.statement<{ profileId: string; header: string; category: string }, { n: number }>(
      'SELECT COUNT(*) AS n FROM dlt_templates WHERE profile_id = @profileId AND header = @header AND category = @category',
    );
  }

  registry(profileId: string): DltRegistryView {
    return {
      entityId: this.entityStatement.get({ profileId })?.entity_id ?? null,
      headers: this.headersStatement.all({ profileId }),
      templates: this.templatesStatement.all({ profileId }).map(templateView),
    };
  }

  setEntityId(profileId: string, entityId: string | null, at: string): void {
    if (entityId === null) this.clearEntityStatement.run({ profileId });
    else this.setEntityStatement.run({ profileId, entityId, atMs: msOfIso(at) });
  }

  addHeader(profileId: string, header: DltHeader): void {
    this.addHeaderStatement.run({ profileId, ...header });
  }

  /** Refuses (returns the number of templates) while templates still use the header for that category. */
  removeHeader(profileId: string, header: DltHeader): { removed: boolean; usedBy: number } {
    return this.db
      .transaction(() => {
        const usedBy = this.templatesUsingHeaderStatement.get({ profileId, ...header })?.n ?? 0;
        if (usedBy > 0) return { removed: false, usedBy };
        return { removed: this.removeHeaderStatement.run({ profileId, ...header }).changes > 0, usedBy: 0 };
      })
      .immediate();
  }

  /** Saves a template and registers its header for its category, together. */
  saveTemplate(profileId: string, template: DltTemplate): void {
    this.db.transaction(() => {
      this.addHeaderStatement.run({ profileId, header: template.header, category: template.category });
      this.saveTemplateStatement.run({ profileId, ...template });
    })();
  }

  removeTemplate(profileId: string, templateId: string): boolean {
    return this.removeTemplateStatement.run({ profileId, templateId }).changes > 0;
  }

  /** Writes an import in one transaction; returns which template IDs were new (the rest updated). */
  importRegistry(profileId: string, write: DltImportWrite, at: string): { added: Set<string> } {
    return this.db
      .transaction(() => {
        const added = new Set<string>();
        for (const header of write.headers) this.addHeaderStatement.run({ profileId, ...header });
        for (const template of write.templates) {
          if (!this.templateStatement.get({ profileId, templateId: template.templateId })) added.add(template.templateId);
          this.saveTemplateStatement.run({ profileId, ...template });
        }
        if (write.entityId !== null) this.setEntityStatement.run({ profileId, entityId: write.entityId, atMs: msOfIso(at) });
        return { added };
      })
      .immediate();
  }
}
