import { describe, expect, it } from 'vitest';
import { callOk, closedAfterAll, dayEitherSideOfNow, parentAccount, startLaunchCore, startLaunchSandbox, tempDir } from '../launch/support';

const open = closedAfterAll();

describe('spend alerts are kept in the local store', () => {
  it('shows the alerts the last refresh read right after a restart, with the API out of reach', async () => {
    const sandbox = await startLaunchSandbox();
    const parent = parentAccount(sandbox, 'prepaid');
    const south = parent.seeded.subaccounts.find((sub) => sub.name === 'AcmeSouth');
    if (!south) throw new Error('the sandbox seeded no AcmeSouth');
    const dataDir = tempDir('spend-alerts-stored-');
    const core = await startLaunchCore(dataDir, parent);
    // ₹500 − ₹450 leaves AcmeSouth below its ₹100 low-balance threshold: the API raises an alert.
    await callOk(core, 'subaccounts.withdraw', { sid: south.sid, amountMinor: 45_000 });
    await callOk(core, 'spend.refresh', { wait: true });
    const period = dayEitherSideOfNow('UTC');
    const before = await callOk(core, 'spend.overview', period);
    const alert = before.alerts.find((entry) => entry.sid === south.sid);
    expect(alert).toMatchObject({ kind: 'low_balance', accountName: 'AcmeSouth', thresholdMinor: 10_000, amountMinor: 5_000 });
    core.close();
    await sandbox.close();

    // The same desktop starts again while the API cannot be reached: the alert is there at once.
    const again = await startLaunchCore(dataDir, parent);
    open.push(again);
    const after = await callOk(again, 'spend.overview', period);
    expect(after.alerts).toEqual(before.alerts);
    const summary = await callOk(again, 'spend.summary', period);
    expect(summary.alerts).toEqual(before.alerts);
    // The failed refresh says why the alerts may be old, and keeps them.
    await callOk(again, 'spend.refresh', { wait: true });
    const stale = await callOk(again, 'spend.overview', period);
    expect(stale.alerts).toEqual(before.alerts);
  }, 120_000);
});
