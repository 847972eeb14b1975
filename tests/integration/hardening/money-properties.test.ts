import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minorToMajorString } from '../../../shared/money';
import { startTestSandbox, sub, type TestSandbox } from '../sandbox/harness';

/**
 * Random sequences of recharges, withdrawals, sends (some to numbers that will not be delivered, so
 * they are refunded) and clock advances, against the real sandbox over HTTP. After every step: no
 * balance below zero, every balance equal to its ledger, and the prepaid parent's money conserved —
 * parent + sub-accounts + what SMS consumed (charges net of refunds) equals the opening total.
 */
type Step =
  | { kind: 'recharge'; to: 'AcmeNorth' | 'AcmeSouth'; minor: number }
  | { kind: 'withdraw'; from: 'AcmeNorth' | 'AcmeSouth'; minor: number }
  | { kind: 'send'; from: 'AcmeNorth' | 'AcmeSouth'; recipients: number; undeliverable: number; longBody: boolean }
  | { kind: 'deliver' };

const account = fc.constantFrom<'AcmeNorth' | 'AcmeSouth'>('AcmeNorth', 'AcmeSouth');
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('recharge' as const), to: account, minor: fc.integer({ min: 1, max: 1_200_000 }) }),
  fc.record({ kind: fc.constant('withdraw' as const), from: account, minor: fc.integer({ min: 1, max: 300_000 }) }),
  fc.record({
    kind: fc.constant('send' as const),
    from: account,
    recipients: fc.integer({ min: 1, max: 100 }),
    undeliverable: fc.integer({ min: 0, max: 5 }),
    longBody: fc.boolean(),
  }),
  fc.constant({ kind: 'deliver' as const }),
);

const balanceOf = async (t: TestSandbox, sid: string, key: string): Promise<number> => {
  const answer = await t.api('GET', `/api/v1/${sid}/billing`, { key });
  return Math.round(Number((answer.json.data as { balance: number }).balance) * 100);
};

describe('money properties against the sandbox', () => {
  it('never goes below zero, always matches the ledger, and conserves the parent’s money', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 14 }), async (steps) => {
        const t = await startTestSandbox();
        try {
          const parent = t.prepaid;
          const subs = { AcmeNorth: sub(parent, 'AcmeNorth'), AcmeSouth: sub(parent, 'AcmeSouth') };
          const total = async () =>
            (await balanceOf(t, parent.sid, parent.apiKey)) +
            (await balanceOf(t, subs.AcmeNorth.sid, parent.apiKey)) +
            (await balanceOf(t, subs.AcmeSouth.sid, parent.apiKey));
          const consumed = () =>
            [parent.sid, subs.AcmeNorth.sid, subs.AcmeSouth.sid]
              .flatMap((sid) => t.sandbox.ledgerEntries(sid))
              .filter((entry) => entry.kind === 'sms_charge' || entry.kind === 'sms_refund')
              .reduce((sum, entry) => sum + entry.amountMinor, 0);
          const opening = await total();

          for (const s of steps) {
            switch (s.kind) {
              case 'recharge':
              case 'withdraw': {
                const target = subs[s.kind === 'recharge' ? s.to : s.from];
                const before = await balanceOf(t, target.sid, parent.apiKey);
                const parentBefore = await balanceOf(t, parent.sid, parent.apiKey);
                const signed = s.kind === 'recharge' ? s.minor : -s.minor;
                const answer = await t.api('POST', `/api/v1/${parent.sid}/subaccounts/${target.sid}/recharges`, {
                  key: parent.apiKey,
                  body: { amount: Number(minorToMajorString(signed, 'INR')) },
                });
                const affordable = s.kind === 'recharge' ? parentBefore >= s.minor : before >= s.minor;
                expect(answer.status < 300, `${s.kind} ${s.minor} (sub ${before}, parent ${parentBefore}) answered ${answer.status}`).toBe(affordable);
                expect(await balanceOf(t, target.sid, parent.apiKey)).toBe(affordable ? before + signed : before);
                break;
              }
              case 'send': {
                const from = subs[s.from];
                const to = Array.from({ length: s.recipients }, (_, i) =>
                  i < s.undeliverable ? `+9198${String(i).padStart(4, '0')}0000` : `+9197${String(100000 + i).padStart(6, '0')}`,
                );
                const body = s.longBody ? 'Festive offer: '.padEnd(200, 'x') : 'Hello from Acme';
                const answer = await t.api('POST', `/v1/${from.sid}/sms`, {
                  key: from.apiKey,
                  body: { to: to.join(','), sender: 'ACMEIN', body, type: 'MKT' },
                });
                expect([202, 402, 403]).toContain(answer.status);
                break;
              }
              case 'deliver':
                t.sandbox.advanceClock(60_000);
                break;
            }
            for (const sid of [parent.sid, subs.AcmeNorth.sid, subs.AcmeSouth.sid]) {
              expect(await balanceOf(t, sid, parent.apiKey)).toBeGreaterThanOrEqual(0);
            }
            expect(t.sandbox.ledgerDiscrepancies()).toEqual([]);
            expect((await total()) - consumed()).toBe(opening);
          }
        } finally {
          await t.stop();
        }
      }),
      { numRuns: Number(process.env.MONEY_RUNS ?? 25) },
    );
  });
});
