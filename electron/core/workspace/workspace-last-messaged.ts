import type pg from 'pg';
import { readChangeWindow, type ChangeWindow } from './change-window';
import { PUSH_CHUNK } from './workspace-suppressions';

export interface LastMessaged {
  accountSid: string;
  phoneE164: string;
  lastAtMs: number;
}

interface LastMessagedRow {
  account_sid: string;
  phone_e164: string;
  last_at_ms: string;
  change_xid: string;
}

/** When recipients were last messaged, as written since `watermark` by any desktop this login may see. */
export async function pullLastMessaged(client: pg.ClientBase, watermark: string): Promise<ChangeWindow<LastMessaged>> {
  const window = await readChangeWindow<LastMessagedRow>(
    client,
    'last_messaged',
    'account_sid, phone_e164, (extract(epoch FROM last_at) * 1000)::bigint::text AS last_at_ms',
    watermark,
  );
  return {
    rows: window.rows.map((row) => ({ accountSid: row.account_sid, phoneE164: row.phone_e164, lastAtMs: Number(row.last_at_ms) })),
    watermark: window.watermark,
  };
}

/**
 * Records this desktop's sends so the frequency cap spans desktops: a later time replaces an
 * earlier one, never the other way round (two desktops may push out of order). A chunk per statement.
 */
export async function pushLastMessaged(
  client: pg.ClientBase,
  target: { organisationId: string; accountSid: string },
  entries: ReadonlyArray<{ phoneE164: string; atMs: number }>,
): Promise<number> {
  let written = 0;
  for (let start = 0; start < entries.length; start += PUSH_CHUNK) {
    const chunk = entries.slice(start, start + PUSH_CHUNK);
    const result = await client.query(
      `INSERT INTO desk.last_messaged (organisation_id, account_sid, phone_e164, last_at)
       SELECT $1, $2, phone, to_timestamp(at_ms / 1000.0) FROM unnest($3::text[], $4::bigint[]) AS n (phone, at_ms)
       ON CONFLICT (organisation_id, account_sid, phone_e164) DO UPDATE SET last_at = excluded.last_at
         WHERE excluded.last_at > desk.last_messaged.last_at`,
      [target.organisationId, target.accountSid, chunk.map((e) => e.phoneE164), chunk.map((e) => e.atMs)],
    );
    written += result.rowCount ?? 0;
  }
  return written;
}
