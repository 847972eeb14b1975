import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { windowDecision } from '../../../electron/core/outbox/send-rules';
import { ThrottleLedger } from '../../../electron/core/outbox/throttle-ledger';
import { legalPromotionalWindowFor, SENDING_WINDOW_PRESETS } from '../../../shared/quiet-hours';
import { nextAllowedStart, sendWindowsFor, type SendWindows } from '../../../shared/send-windows';

const kolkata = (iso: string) => DateTime.fromISO(iso, { zone: 'Asia/Kolkata' }).toMillis();
const WIDE = { from: '07:00', until: '23:00', noSendDays: [] };

describe('send windows and the law', () => {
  it('every preset names its legal window for promotional messages; India’s is 09:00–21:00', () => {
    expect(legalPromotionalWindowFor('in')).toMatchObject({ from: '09:00', until: '21:00', noSendDays: [] });
    expect(legalPromotionalWindowFor('US')).toMatchObject({ from: '08:00', until: '21:00' });
    for (const [country, preset] of Object.entries(SENDING_WINDOW_PRESETS)) expect(preset, country).toHaveProperty('legalPromotional');
    expect(legalPromotionalWindowFor('BR')).toBeNull();
  });

  it('a promotional campaign is held to the law even when its own quiet hours are wider; a transactional one is not', () => {
    const promotional = sendWindowsFor('IN', { otherwise: WIDE, byCountry: { IN: WIDE } }, true);
    expect(promotional.map((ruled) => ruled.rule)).toEqual(['quiet-hours', 'legal']);
    expect(sendWindowsFor('IN', false, false)).toEqual([]);
    // 22:00 in India: the quiet hours allow it, the law does not; next: 09:00 the next day.
    expect(nextAllowedStart(promotional, 'Asia/Kolkata', kolkata('2026-03-10T22:00'))?.ms).toBe(kolkata('2026-03-11T09:00'));
    expect(nextAllowedStart(promotional, 'Asia/Kolkata', kolkata('2026-03-10T12:00'))?.ms).toBe(kolkata('2026-03-10T12:00'));
  });

  it('finds the first moment two windows both allow, across days and forbidden weekdays', () => {
    const windows: SendWindows = [
      { rule: 'quiet-hours', window: { from: '20:00', until: '02:00', noSendDays: [] } },
      { rule: 'legal', window: { from: '08:00', until: '22:00', noSendDays: [7] } },
    ];
    // Saturday 23:00 in Paris: the night window is open, the law is closed; Sunday is forbidden; Monday 20:00 is the first.
    expect(nextAllowedStart(windows, 'Europe/Paris', DateTime.fromISO('2026-03-14T23:00', { zone: 'Europe/Paris' }).toMillis())?.ms).toBe(
      DateTime.fromISO('2026-03-16T20:00', { zone: 'Europe/Paris' }).toMillis(),
    );
    expect(
      nextAllowedStart(
        [
          { rule: 'quiet-hours', window: { from: '09:00', until: '10:00', noSendDays: [] } },
          { rule: 'legal', window: { from: '11:00', until: '12:00', noSendDays: [] } },
        ],
        'UTC',
        0,
      ),
    ).toBeUndefined();
  });
});

describe('what the outbox does with a request when it is due', () => {
  const rules = (overrides: Partial<Parameters<typeof windowDecision>[0]> = {}) => ({
    sendWindows: sendWindowsFor('IN', {}, true),
    notAfterMs: null,
    outsideWindow: 'hold' as const,
    zone: 'Asia/Kolkata',
    ...overrides,
  });

  it('goes inside its windows, is held to the next opening outside them, or skipped when the campaign says so', () => {
    expect(windowDecision(rules(), kolkata('2026-03-10T20:59'))).toEqual({ kind: 'go' });
    expect(windowDecision(rules(), kolkata('2026-03-10T21:00'))).toEqual({ kind: 'hold', untilMs: kolkata('2026-03-11T09:00'), reason: 'quiet-hours' });
    expect(windowDecision(rules({ sendWindows: sendWindowsFor('IN', { byCountry: { IN: WIDE } }, true) }), kolkata('2026-03-10T21:30'))).toEqual({
      kind: 'hold',
      untilMs: kolkata('2026-03-11T09:00'),
      reason: 'legal',
    });
    expect(windowDecision(rules({ outsideWindow: 'skip' }), kolkata('2026-03-10T04:00'))).toEqual({ kind: 'skip', reason: 'quiet-hours' });
  });

  it('never holds past the campaign’s window end', () => {
    const end = kolkata('2026-03-11T08:00');
    expect(windowDecision(rules({ notAfterMs: end }), kolkata('2026-03-10T22:00'))).toEqual({ kind: 'skip', reason: 'window-end' });
    expect(windowDecision(rules({ notAfterMs: end }), end + 1)).toEqual({ kind: 'skip', reason: 'window-end' });
  });
});

describe('throttle ledger', () => {
  it(
    'keeps each clock minute within the cap, ' + 'counts a departure near a minute’s end against the next one too, and starts from the store after a restart',
    () => {
      const accepted = new Map<number, number>([[1_000, 60]]);
      const ledger = new ThrottleLedger((_campaign, fromMs) => accepted.get(fromMs / 60_000) ?? 0);
      const minute = 1_000 * 60_000;
      expect(ledger.fits('c', 100, minute + 1_000, 40)).toBe(true);
      expect(ledger.fits('c', 100, minute + 1_000, 41)).toBe(false);
      ledger.take('c', minute + 1_000, 40);
      expect(ledger.fits('c', 100, minute + 2_000, 1)).toBe(false);
      // 2 s before the next minute: it may be accepted in either, so both must have room.
      ledger.take('c', minute + 58_000, 30);
      expect(ledger.usedIn('c', 1_001)).toBe(30);
      expect(ledger.fits('c', 100, minute + 61_000, 70)).toBe(true);
      expect(ledger.fits('c', 100, minute + 61_000, 71)).toBe(false);
      expect(ledger.fits('other', 100, minute + 61_000, 100)).toBe(true);
    },
  );
});
