import type pg from 'pg';
import { CHANGES_CHANNEL, PULLED_TABLES, type PulledTable } from '../../../workspace/migrations';

/**
 * LISTEN/NOTIFY wakes an online desktop when another one commits a change; the notification
 * carries only the table's name (notifications bypass row-level security), and the pull that
 * follows is the truth. A missed notification (offline, reconnecting) only delays the next pull.
 * The client must be dedicated to listening; `stop` unlistens.
 */
export async function listenForChanges(client: pg.Client, onChange: (table: PulledTable) => void): Promise<() => Promise<void>> {
  const listener = (message: pg.Notification) => {
    if (message.channel !== CHANGES_CHANNEL) return;
    const table = PULLED_TABLES.find((name) => name === message.payload);
    if (table) onChange(table);
  };
  client.on('notification', listener);
  await client.query(`LISTEN ${CHANGES_CHANNEL}`);
  return async () => {
    client.off('notification', listener);
    await client.query(`UNLISTEN ${CHANGES_CHANNEL}`).catch(() => undefined);
  };
}
