import type { SandboxDatabase } from './database';

/** Numbers that replied STOP, per account family (the parent SID). */
export class OptOutsRepository {
  constructor(private readonly db: SandboxDatabase) {}

  add(parentSid: string, phone: string, at: number): void {
    this.db.statement('INSERT INTO opt_outs (parent_sid, phone, at) VALUES (@parentSid, @phone, @at) ON CONFLICT DO NOTHING').run({ parentSid, phone, at });
  }

  remove(parentSid: string, phone: string): void {
    this.db.statement('DELETE FROM opt_outs WHERE parent_sid = @parentSid AND phone = @phone').run({ parentSid, phone });
  }

  has(parentSid: string, phone: string): boolean {
    return this.db.statement('SELECT 1 AS hit FROM opt_outs WHERE parent_sid = @parentSid AND phone = @phone').get({ parentSid, phone }) !== undefined;
  }

  list(parentSid: string): Array<{ phone: string; at: number }> {
    return this.db.statement('SELECT phone, at FROM opt_outs WHERE parent_sid = @parentSid ORDER BY at, phone').all({ parentSid }) as Array<{
      phone: string;
      at: number;
    }>;
  }
}
