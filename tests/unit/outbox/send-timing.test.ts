import { describe, expect, it } from 'vitest';
import { decideSubmission, firstAttemptAt, isoWithOffset, SCHEDULE_MIN_LEAD_MS, SCHEDULE_SAFETY_MS } from '../../../electron/core/outbox/send-timing';

const NOW = Date.parse('2026-03-01T08:00:00Z');
const MINUTE = 60_000;

describe('when a request goes out', () => {
  it('sends what is due (or past) now, without a time', () => {
    expect(decideSubmission(NOW, 'Asia/Kolkata', NOW)).toEqual({ kind: 'send' });
    expect(decideSubmission(NOW - 5 * MINUTE, 'Asia/Kolkata', NOW)).toEqual({ kind: 'send' });
  });

  it('holds what is less than 15 minutes (plus a safety margin) ahead, until its time', () => {
    const soon = NOW + SCHEDULE_MIN_LEAD_MS + SCHEDULE_SAFETY_MS - 1;
    expect(decideSubmission(soon, 'Asia/Kolkata', NOW)).toEqual({ kind: 'hold', untilMs: soon });
    expect(firstAttemptAt(soon, 'Asia/Kolkata', NOW)).toBe(soon);
  });

  it('schedules the rest at the API with the wave zone’s own offset', () => {
    const later = Date.parse('2026-03-02T04:30:00Z');
    expect(decideSubmission(later, 'Asia/Kolkata', NOW)).toEqual({ kind: 'schedule', time: '2026-03-02T10:00:00+05:30' });
    expect(decideSubmission(Date.parse('2026-03-02T15:00:00Z'), 'America/New_York', NOW)).toEqual({ kind: 'schedule', time: '2026-03-02T10:00:00-05:00' });
    // After the US spring-forward (8 March 2026) the offset is -04:00.
    expect(decideSubmission(Date.parse('2026-03-09T14:00:00Z'), 'America/New_York', NOW)).toEqual({ kind: 'schedule', time: '2026-03-09T10:00:00-04:00' });
    expect(firstAttemptAt(later, 'Asia/Kolkata', NOW)).toBe(NOW);
  });

  it('holds what is more than 3 months ahead until Kaleyra will accept it', () => {
    const farAway = Date.parse('2026-07-15T04:30:00Z');
    const decision = decideSubmission(farAway, 'Asia/Kolkata', NOW);
    expect(decision.kind).toBe('hold');
    if (decision.kind !== 'hold') return;
    expect(decision.untilMs).toBe(Date.parse('2026-04-16T04:30:00Z'));
    expect(decideSubmission(farAway, 'Asia/Kolkata', decision.untilMs).kind).toBe('schedule');
  });

  it('writes UTC for a zone it does not know rather than failing', () => {
    expect(isoWithOffset(NOW, 'Not/AZone')).toBe('2026-03-01T08:00:00Z');
  });
});
