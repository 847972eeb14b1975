import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SubaccountSortColumn } from '../../../shared/calls/console-pages';
import { callOk, closedAfterAll, dayEitherSideOfNow, prepaidParentWithCustomers, startTestCore, startTestSandbox, tempDir } from '../app/support';
import { sendAs, type CreatedSubaccount } from '../../support/many-subaccounts';

const open = closedAfterAll();

const CUSTOMERS = 240;
/** Only this test's customers carry it (names "Chai Pune Qz1", mailboxes "owner.qz1@…"). */
const TAG = 'Qz';
/** Balances with repeats, so ties fall back to the name. */
const creditOf = (index: number) => ((index * 7_919) % 40) * 25 + 100;

/** SQLite's NOCASE folds ASCII letters only; the generated names and mailboxes are ASCII. */
const folded = (text: string) => text.toLowerCase();
const compare = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);

interface Truth {
  sid: string;
  name: string;
  email: string;
  country: string;
  balanceMinor: number;
}

/** The order each column promises: its value in the asked direction, then name (A→Z) and SID. */
function expectedOrder(rows: readonly Truth[], column: SubaccountSortColumn, direction: 'asc' | 'desc'): string[] {
  const sign = direction === 'asc' ? 1 : -1;
  const byName = (a: Truth, b: Truth) => compare(folded(a.name), folded(b.name)) || compare(a.sid, b.sid);
  const order = (a: Truth, b: Truth): number => {
    switch (column) {
      case 'name':
        return sign * (compare(folded(a.name), folded(b.name)) || compare(a.sid, b.sid));
      case 'email':
        return sign * (compare(folded(a.email), folded(b.email)) || compare(a.sid, b.sid));
      case 'country':
        return sign * compare(a.country, b.country) || byName(a, b);
      case 'funds':
        return sign * compare(a.balanceMinor, b.balanceMinor) || byName(a, b);
      case 'status':
      case 'creditType':
        return byName(a, b);
    }
  };
  return [...rows].sort(order).map((row) => row.sid);
}

async function pageThrough(core: Parameters<typeof callOk>[0], query: Record<string, unknown>, limit: number) {
  const sids: string[] = [];
  let total = Number.POSITIVE_INFINITY;
  while (sids.length < total) {
    const page = await callOk(core, 'subaccounts.page', { ...query, offset: sids.length, limit });
    total = page.total;
    if (page.rows.length === 0) break;
    sids.push(...page.rows.map((row) => row.sid));
  }
  return sids;
}

describe('the parent console reads its tables one window at a time', () => {
  it('pages the sub-account list in the order of every column, searches it, and resolves "all matching" for a bulk action in the core', async () => {
    const sandboxDir = tempDir('console-pages-sandbox-');
    const sandbox = await startTestSandbox(sandboxDir);
    open.push(sandbox);
    const { parent, created: customers } = await prepaidParentWithCustomers(sandbox, {
      count: CUSTOMERS,
      creditMinor: creditOf,
      tag: TAG,
      concurrency: 8,
    });
    const core = await startTestCore(tempDir('console-pages-'), { url: sandbox.url, sid: parent.sid, apiKey: parent.apiKey, name: parent.name });
    open.push(core);
    await callOk(core, 'sync.now');

    const truth: Truth[] = customers.map((customer, index) => ({
      sid: customer.sid,
      name: customer.name,
      email: `owner.${TAG.toLowerCase()}${index + 1}@${customer.name.split(' ')[0]!.toLowerCase()}-customers.example`,
      country: customer.country,
      balanceMinor: customer.creditMinor,
    }));
    for (const column of ['name', 'email', 'country', 'funds'] as const) {
      for (const direction of ['asc', 'desc'] as const) {
        const sids = await pageThrough(core, { search: TAG, sort: { column, direction } }, 37);
        expect(sids, `${column} ${direction}`).toEqual(expectedOrder(truth, column, direction));
      }
    }
    // A window in the middle is the same slice of the same order.
    const middle = await callOk(core, 'subaccounts.page', { search: TAG, sort: { column: 'funds', direction: 'desc' }, offset: 100, limit: 25 });
    expect(middle.rows.map((row) => row.sid)).toEqual(expectedOrder(truth, 'funds', 'desc').slice(100, 125));
    expect(middle.rows[0]!.balanceMinor).toBe(truth.find((row) => row.sid === middle.rows[0]!.sid)!.balanceMinor);

    // The search matches names, mailboxes and SIDs, case-insensitively; LIKE's wildcards typed by a user match themselves.
    const kiosks = truth.filter((row) => folded(`${row.name} ${row.email} ${row.sid}`).includes('kiosk'));
    expect(kiosks).toHaveLength(CUSTOMERS / 12);
    const kioskPage = await callOk(core, 'subaccounts.page', { search: 'KIOSK', sort: { column: 'name', direction: 'asc' }, offset: 0, limit: 500 });
    expect(kioskPage.rows.map((row) => row.sid)).toEqual(expectedOrder(kiosks, 'name', 'asc'));
    expect(kioskPage).toMatchObject({ total: kiosks.length, selectable: kiosks.length });
    expect((await callOk(core, 'subaccounts.page', { search: '%', sort: { column: 'name', direction: 'asc' }, offset: 0, limit: 10 })).total).toBe(0);

    // "Suspend all matching 'kiosk' but one": the core resolves the accounts from its own store.
    const spared = kiosks[3]!;
    const result = await callOk(core, 'subaccounts.bulk', {
      operationId: crypto.randomUUID(),
      action: 'suspend',
      matching: { search: 'kiosk', exceptSids: [spared.sid] },
    });
    expect(result.results.map((item) => item.sid).sort()).toEqual(
      kiosks
        .filter((row) => row !== spared)
        .map((row) => row.sid)
        .sort(),
    );
    expect(result.results.every((item) => item.outcome === 'done')).toBe(true);
    const remote = remoteStatuses(sandboxDir);
    for (const row of truth) expect(remote.get(row.sid), row.name).toBe(kiosks.includes(row) && row !== spared ? 'suspended' : 'active');

    // The list counts and sorts by the new statuses; suspended accounts are still selectable, deleted ones would not be.
    const suspended = await callOk(core, 'subaccounts.page', {
      search: TAG,
      status: 'suspended',
      sort: { column: 'name', direction: 'asc' },
      offset: 0,
      limit: 100,
    });
    expect(suspended.total).toBe(kiosks.length - 1);
    const byStatus = await pageThrough(core, { search: TAG, sort: { column: 'status', direction: 'desc' } }, 50);
    expect(byStatus.slice(0, kiosks.length - 1).sort()).toEqual(
      kiosks
        .filter((row) => row !== spared)
        .map((row) => row.sid)
        .sort(),
    );
  }, 180_000);

  it('answers Spend with the top accounts and an others total, and pages every account sorted and searched', async () => {
    const sandbox = await startTestSandbox();
    open.push(sandbox);
    const { parent, created: customers } = await prepaidParentWithCustomers(sandbox, {
      count: 60,
      creditMinor: () => 5_00,
      tag: TAG,
    });
    // Every fourth customer sends: the k-th sender sends k + 1 messages, so the ranking is known.
    const senders: Array<{ customer: CreatedSubaccount; messages: number }> = [];
    for (const [index, customer] of customers.entries()) {
      if (index % 4 !== 0) continue;
      const messages = senders.length + 1;
      for (let n = 0; n < messages; n++) await sendAs(sandbox.url, customer, `+9198${String(40_000_000 + index * 100 + n).padStart(8, '0')}`, 'Diwali offer');
      senders.push({ customer, messages });
    }
    const core = await startTestCore(tempDir('console-pages-spend-'), { url: sandbox.url, sid: parent.sid, apiKey: parent.apiKey, name: parent.name });
    open.push(core);
    await callOk(core, 'sync.now');
    await callOk(core, 'spend.refresh', { wait: true });
    const period = dayEitherSideOfNow('Asia/Kolkata');

    const overview = await callOk(core, 'spend.overview', period);
    const mostFirst = [...senders].sort((a, b) => b.messages - a.messages).map((sender) => sender.customer.sid);
    expect(overview.topAccounts.map((row) => row.sid)).toEqual(mostFirst.slice(0, 10));
    const accounts = customers.length + 3 + 1; // the seeded sub-accounts and the parent itself
    expect(overview.accountsTotal).toBe(accounts);
    expect(overview.others.accounts).toBe(accounts - 10);
    const topSum = overview.topAccounts.reduce((sum, row) => sum + row.actualMinor, 0);
    expect(topSum + overview.others.actualMinor).toBe(overview.totals.actualMinor);
    // Money per message is the same for every sender here: spend is in proportion to what each sent.
    const perMessage = overview.topAccounts[0]!.actualMinor / senders.at(-1)!.messages;
    expect(perMessage).toBeGreaterThan(0);
    for (const row of overview.topAccounts) expect(row.actualMinor).toBe(perMessage * senders.find((sender) => sender.customer.sid === row.sid)!.messages);
    for (const day of overview.days) expect(day.byAccount.reduce((sum, entry) => sum + entry.actualMinor, day.othersMinor)).toBe(day.actualMinor);

    // The table's windows, most spent first, then by name: the senders, then every other account.
    const sids: string[] = [];
    for (let offset = 0; offset < accounts; offset += 17) {
      const page = await callOk(core, 'spend.accounts', { period, sort: { column: 'actual', direction: 'desc' }, offset, limit: 17 });
      expect(page.total).toBe(accounts);
      sids.push(...page.rows.map((row) => row.sid));
    }
    expect(sids.slice(0, senders.length)).toEqual(mostFirst);
    expect(new Set(sids).size).toBe(accounts);

    // Any account is found by name, whatever its rank.
    const quiet = customers[7]!;
    const found = await callOk(core, 'spend.accounts', {
      period,
      search: quiet.name.toUpperCase(),
      sort: { column: 'name', direction: 'asc' },
      offset: 0,
      limit: 10,
    });
    expect(found.rows.map((row) => row.sid)).toEqual([quiet.sid]);
    expect(found.rows[0]!.actualMinor).toBe(0);
  }, 180_000);
});

function remoteStatuses(sandboxDataDir: string): Map<string, string> {
  const db = new Database(join(sandboxDataDir, 'sandbox.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return new Map((db.prepare('SELECT sid, status FROM accounts').all() as Array<{ sid: string; status: string }>).map((row) => [row.sid, row.status]));
  } finally {
    db.close();
  }
}
