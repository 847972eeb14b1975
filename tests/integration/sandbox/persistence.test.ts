import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { data, runSandboxCli, startTestSandbox } from './harness';

describe('persistence and the CLI', () => {
  it('seeds once: a restart on the same data directory keeps SIDs, keys and balances', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-restart-'));
    try {
      const first = await startTestSandbox({}, dir);
      const north = first.prepaid.subaccounts[0];
      if (!north) throw new Error('no seeded sub-account');
      await first.api('POST', `/api/v1/${first.prepaid.sid}/subaccounts/${north.sid}/recharges`, { key: first.prepaid.apiKey, body: { amount: 5 } });
      const accounts = first.sandbox.accounts;
      await first.stop();
      const second = await startTestSandbox({}, dir);
      expect(second.sandbox.accounts).toEqual(accounts);
      const billing = await second.api('GET', `/api/v1/${north.sid}/billing`, { key: north.apiKey });
      expect(data(billing)['balance']).toBe(2005);
      await second.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints exactly one JSON ready line and exits cleanly on SIGTERM', async () => {
    const exitCode = await runSandboxCli('sandbox-cli-', [], async (first) => {
      const ready = JSON.parse(first) as { event: string; url: string; adminToken: string; accounts: Array<{ sid: string; apiKey: string; billing: string }> };
      expect(ready.event).toBe('ready');
      expect(ready.accounts.map((account) => account.billing)).toEqual(['prepaid', 'postpaid']);
      const parent = ready.accounts[0];
      if (!parent) throw new Error('no account');
      const response = await fetch(`${ready.url}/api/v1/${parent.sid}/subaccounts`, { headers: { 'api-key': parent.apiKey } });
      expect(response.status).toBe(200);
    });
    expect(exitCode).toBe(0);
  });
});
