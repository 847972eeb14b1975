import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/store/database';
import { campaignStatus, waveStatus } from '../../../shared/calls/campaigns';
import { OUTBOX_STATES, OutboxStateGroup } from '../../../shared/outbox-state';

/** The values of `column`'s `IN (...)` CHECK in `table`, as SQLite stores the schema. */
function checkedValues(table: string, column: string): string[] {
  const db = openDatabase(':memory:');
  const { sql } = db.prepare('SELECT sql FROM sqlite_master WHERE type = ? AND name = ?').get('table', table) as { sql: string };
  db.close();
  const list = new RegExp(`\\b${column}\\s+TEXT NOT NULL CHECK \\(${column} IN \\(([^)]*)\\)\\)`).exec(sql)?.[1];
  if (list === undefined) throw new Error(`no CHECK on ${table}.${column}`);
  return [...list.matchAll(/'([^']*)'/g)].map((match) => match[1] ?? '');
}

describe('value sets of shared/ in the store', () => {
  it('campaign, wave and outbox CHECKs list exactly the shared sets', () => {
    expect(checkedValues('campaigns', 'status')).toEqual(campaignStatus.options);
    expect(checkedValues('campaign_waves', 'status')).toEqual(waveStatus.options);
    expect(checkedValues('outbox', 'state')).toEqual([...OUTBOX_STATES]);
  });

  it('outbox groups are made of outbox states', () => {
    for (const group of Object.values(OutboxStateGroup)) for (const state of group) expect(OUTBOX_STATES).toContain(state);
  });
});
