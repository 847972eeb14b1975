import type { SandboxDatabase } from './database';
import type { SmsStatus } from '../../shared/kaleyra/sms';

export interface MessageRecord {
  messageId: string;
  sendId: string;
  accountSid: string;
  recipient: string;
  country: string | null;
  units: number;
  chargeMinor: number;
  chargePeriod: string;
  status: SmsStatus;
  trace: string;
  scheduledAt: number | null;
  dueAt: number | null;
  refCustom: string[];
  createdAt: number;
  updatedAt: number;
}

export interface MessageLogRecord extends MessageRecord {
  seq: number;
  eventStatus: SmsStatus;
  eventTrace: string;
  eventAt: number;
}

interface MessageRow {
  message_id: string;
  send_id: string;
  account_sid: string;
  recipient: string;
  country: string | null;
  units: number;
  charge_minor: number;
  charge_period: string;
  status: SmsStatus;
  trace: string;
  scheduled_at: number | null;
  due_at: number | null;
  ref_custom: string;
  created_at: number;
  updated_at: number;
}

function toRecord(row: MessageRow): MessageRecord {
  return {
    messageId: row.message_id,
    sendId: row.send_id,
    accountSid: row.account_sid,
    recipient: row.recipient,
    country: row.country,
    units: row.units,
    chargeMinor: row.charge_minor,
    chargePeriod: row.charge_period,
    status: row.status,
    trace: row.trace,
    scheduledAt: row.scheduled_at,
    dueAt: row.due_at,
    refCustom: JSON.parse(row.ref_custom) as string[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class MessagesRepository {
  constructor(private readonly db: SandboxDatabase) {}

  insertSend(send: { id: string; accountSid: string; idempotencyKey: string | null; responseJson: string; createdAt: number }): void {
    this.db
      .statement(
        `INSERT INTO sends (id, account_sid, idempotency_key, response_json, created_at)
         VALUES (@id, @accountSid, @idempotencyKey, @responseJson, @createdAt)`,
      )
      .run(send);
  }

  findSendResponseByIdempotencyKey(accountSid: string, idempotencyKey: string): string | undefined {
    const row = this.db
      .statement('SELECT response_json FROM sends WHERE account_sid = @accountSid AND idempotency_key = @idempotencyKey')
      .get({ accountSid, idempotencyKey }) as { response_json: string } | undefined;
    return row?.response_json;
  }

  findSendOwner(sendId: string): string | undefined {
    const row = this.db.statement('SELECT account_sid FROM sends WHERE id = @sendId').get({ sendId }) as { account_sid: string } | undefined;
    return row?.account_sid;
  }

  insertMessage(message: MessageRecord): void {
    this.db
      .statement(
        `INSERT INTO messages (message_id, send_id, account_sid, recipient, country, units, charge_minor, charge_period,
           status, trace, scheduled_at, due_at, ref_custom, created_at, updated_at)
         VALUES (@messageId, @sendId, @accountSid, @recipient, @country, @units, @chargeMinor, @chargePeriod,
           @status, @trace, @scheduledAt, @dueAt, @refCustom, @createdAt, @updatedAt)`,
      )
      .run({ ...message, refCustom: JSON.stringify(message.refCustom) });
    this.recordEvent(message.accountSid, message.messageId, message.status, message.trace, message.createdAt);
  }

  updateStatus(message: MessageRecord, status: SmsStatus, trace: string, dueAt: number | null, now: number): void {
    this.db
      .statement(
        `UPDATE messages SET status = @status, trace = @trace, due_at = @dueAt, updated_at = @now
         WHERE message_id = @messageId`,
      )
      .run({ messageId: message.messageId, status, trace, dueAt, now });
    this.recordEvent(message.accountSid, message.messageId, status, trace, now);
  }

  private recordEvent(accountSid: string, messageId: string, status: SmsStatus, trace: string, at: number): void {
    this.db
      .statement(
        `INSERT INTO message_events (account_sid, message_id, status, trace, at)
         VALUES (@accountSid, @messageId, @status, @trace, @at)`,
      )
      .run({ accountSid, messageId, status, trace, at });
  }

  due(now: number, limit: number): MessageRecord[] {
    const rows = this.db
      .statement('SELECT * FROM messages WHERE due_at IS NOT NULL AND due_at <= @now ORDER BY due_at, message_id LIMIT @limit')
      .all({ now, limit }) as MessageRow[];
    return rows.map(toRecord);
  }

  nextDueAt(): number | null {
    const row = this.db.statement('SELECT MIN(due_at) AS next FROM messages WHERE due_at IS NOT NULL').get() as {
      next: number | null;
    };
    return row.next;
  }

  scheduledOfSend(sendId: string): MessageRecord[] {
    const rows = this.db
      .statement(`SELECT * FROM messages WHERE send_id = @sendId AND status = 'Scheduled' ORDER BY message_id`)
      .all({ sendId }) as MessageRow[];
    return rows.map(toRecord);
  }

  scheduledOfAccount(accountSid: string): MessageRecord[] {
    const rows = this.db
      .statement(`SELECT * FROM messages WHERE account_sid = @accountSid AND status = 'Scheduled' ORDER BY message_id`)
      .all({ accountSid }) as MessageRow[];
    return rows.map(toRecord);
  }

  find(accountSid: string, messageIds: string[]): MessageRecord[] {
    const rows = this.db
      .statement(
        `SELECT m.* FROM json_each(@ids) AS wanted JOIN messages m ON m.message_id = wanted.value
         WHERE m.account_sid = @accountSid ORDER BY wanted.key`,
      )
      .all({ accountSid, ids: JSON.stringify(messageIds) }) as MessageRow[];
    return rows.map(toRecord);
  }

  /** Status changes of the account's messages after `sinceSeq`, oldest first. */
  logPage(accountSid: string, sinceSeq: number, limit: number): MessageLogRecord[] {
    const rows = this.db
      .statement(
        `SELECT m.*, e.seq AS event_seq, e.status AS event_status, e.trace AS event_trace, e.at AS event_at
         FROM message_events e JOIN messages m ON m.message_id = e.message_id
         WHERE e.account_sid = @accountSid AND e.seq > @sinceSeq ORDER BY e.seq LIMIT @limit`,
      )
      .all({ accountSid, sinceSeq, limit }) as Array<MessageRow & { event_seq: number; event_status: SmsStatus; event_trace: string; event_at: number }>;
    return rows.map((row) => ({
      ...toRecord(row),
      seq: row.event_seq,
      eventStatus: row.event_status,
      eventTrace: row.event_trace,
      eventAt: row.event_at,
    }));
  }
}
