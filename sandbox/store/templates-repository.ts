import type { DltCategory } from '../../shared/dlt/categories';
import type { SandboxDatabase } from './database';

export interface StoredTemplate {
  templateId: string;
  /** Registered text; `{#var#}` marks each variable. */
  text: string;
  /** The DLT header it is registered with, or null for a template outside DLT. */
  header: string | null;
  category: DltCategory | null;
}

/** Content templates per account, and the account's DLT registration (headers, scrubbing on or off). */
export class TemplatesRepository {
  constructor(private readonly db: SandboxDatabase) {}

  upsert(accountSid: string, template: StoredTemplate): void {
    this.db
      .statement(
        `INSERT INTO sms_templates (account_sid, template_id, text, header, category) VALUES (@accountSid, @templateId, @text, @header, @category)
         ON CONFLICT (account_sid, template_id) DO UPDATE SET text = excluded.text, header = excluded.header, category = excluded.category`,
      )
      .run({ accountSid, ...template });
  }

  find(accountSid: string, templateId: string): StoredTemplate | undefined {
    return this.db
      .statement('SELECT template_id AS templateId, text, header, category FROM sms_templates WHERE account_sid = @accountSid AND template_id = @templateId')
      .get({ accountSid, templateId }) as StoredTemplate | undefined;
  }

  list(accountSid: string): StoredTemplate[] {
    return this.db
      .statement('SELECT template_id AS templateId, text, header, category FROM sms_templates WHERE account_sid = @accountSid ORDER BY template_id')
      .all({ accountSid }) as StoredTemplate[];
  }

  addHeader(accountSid: string, header: string, category: DltCategory): void {
    this.db
      .statement('INSERT INTO dlt_headers (account_sid, header, category) VALUES (@accountSid, @header, @category) ON CONFLICT DO NOTHING')
      .run({ accountSid, header, category });
  }

  headerCategories(accountSid: string, header: string): DltCategory[] {
    const rows = this.db
      .statement('SELECT category FROM dlt_headers WHERE account_sid = @accountSid AND header = @header ORDER BY category')
      .all({ accountSid, header }) as Array<{ category: DltCategory }>;
    return rows.map((row) => row.category);
  }

  isScrubbed(accountSid: string): boolean {
    return this.db.statement('SELECT 1 AS hit FROM dlt_scrubbed_accounts WHERE account_sid = @accountSid').get({ accountSid }) !== undefined;
  }

  setScrubbed(accountSid: string, on: boolean): void {
    if (on) this.db.statement('INSERT INTO dlt_scrubbed_accounts (account_sid) VALUES (@accountSid) ON CONFLICT DO NOTHING').run({ accountSid });
    else this.db.statement('DELETE FROM dlt_scrubbed_accounts WHERE account_sid = @accountSid').run({ accountSid });
  }
}
