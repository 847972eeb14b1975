import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SENDING_WINDOW,
  isInsideWindow,
  nextWindowOpening,
  QuietHoursError,
  SENDING_WINDOW_PRESETS,
  sendingWindowFor,
  windowCloseAfter,
  type SendingWindow,
} from '../../../shared/quiet-hours';

const at = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3));

describe('sending-window presets', () => {
  it('documents daytime windows for the main destinations', () => {
    for (const country of ['US', 'CA', 'GB', 'DE', 'AU']) {
      expect(SENDING_WINDOW_PRESETS[country], country).toMatchObject({ from: '08:00', until: '21:00', noSendDays: [] });
    }
    expect(SENDING_WINDOW_PRESETS['FR']).toMatchObject({ from: '08:00', until: '22:00', noSendDays: [7] });
    for (const preset of Object.values(SENDING_WINDOW_PRESETS)) expect(preset.basis.length).toBeGreaterThan(10);
  });

  it('lets the user override a country, lift quiet hours, or set the default', () => {
    const late: SendingWindow = { from: '10:00', until: '18:00', noSendDays: [] };
    expect(sendingWindowFor('fr')).toBe(SENDING_WINDOW_PRESETS['FR']);
    expect(sendingWindowFor('FR', { byCountry: { FR: late } })).toBe(late);
    expect(sendingWindowFor('FR', { byCountry: { FR: null } })).toBeNull();
    expect(sendingWindowFor('BR')).toBe(DEFAULT_SENDING_WINDOW);
    expect(sendingWindowFor('BR', { otherwise: late })).toBe(late);
    expect(sendingWindowFor(undefined, { otherwise: null })).toBeNull();
  });
});

describe('window arithmetic', () => {
  const day: SendingWindow = { from: '08:00', until: '21:00', noSendDays: [7] };
  const night: SendingWindow = { from: '20:00', until: '02:00', noSendDays: [1] };

  it('knows what is inside a daytime window', () => {
    expect(isInsideWindow(day, 1, at('08:00'))).toBe(true);
    expect(isInsideWindow(day, 1, at('20:59'))).toBe(true);
    expect(isInsideWindow(day, 1, at('21:00'))).toBe(false);
    expect(isInsideWindow(day, 1, at('07:59'))).toBe(false);
    expect(isInsideWindow(day, 7, at('12:00'))).toBe(false);
    expect(isInsideWindow(null, 7, at('03:00'))).toBe(true);
  });

  it('handles windows that cross midnight, counting the small hours as the previous day', () => {
    expect(isInsideWindow(night, 2, at('23:00'))).toBe(true);
    expect(isInsideWindow(night, 3, at('01:00'))).toBe(true);
    expect(isInsideWindow(night, 2, at('01:00'))).toBe(false); // Monday night is forbidden
    expect(isInsideWindow(night, 2, at('12:00'))).toBe(false);
    expect(windowCloseAfter(night, 2, at('23:00'))).toBe(24 * 60 + at('02:00'));
    expect(windowCloseAfter(night, 3, at('01:00'))).toBe(at('02:00'));
  });

  it('finds the next opening, skipping forbidden days', () => {
    expect(nextWindowOpening(day, 1, at('07:00'))).toEqual({ dayOffset: 0, minute: at('08:00') });
    expect(nextWindowOpening(day, 1, at('22:00'))).toEqual({ dayOffset: 1, minute: at('08:00') });
    expect(nextWindowOpening(day, 6, at('22:00'))).toEqual({ dayOffset: 2, minute: at('08:00') });
    expect(nextWindowOpening(day, 7, at('10:00'))).toEqual({ dayOffset: 1, minute: at('08:00') });
    expect(nextWindowOpening(day, 3, at('09:00'))).toEqual({ dayOffset: 0, minute: at('09:00') });
    const never: SendingWindow = { from: '00:00', until: '00:00', noSendDays: [1, 2, 3, 4, 5, 6, 7] };
    expect(nextWindowOpening(never, 1, 0)).toBeUndefined();
  });

  it('rejects malformed clock times with a code', () => {
    expect(() => isInsideWindow({ from: '8am', until: '21:00', noSendDays: [] }, 1, 0)).toThrow(QuietHoursError);
  });
});
