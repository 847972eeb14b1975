import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { displayLocale, formatCount, formatDateTime, formatMoney, formatTime, formatUtcInstant, setDisplayLocale } from '../../../shared/format';

afterEach(() => setDisplayLocale(null));

describe('locale formatting', () => {
  it('formats a million the way each locale writes it', () => {
    expect(formatCount(1_000_000, 'en-US')).toBe('1,000,000');
    expect(formatCount(1_000_000, 'en-IN')).toBe('10,00,000');
    expect(formatCount(1_000_000, 'de-DE')).toBe('1.000.000');
  });

  it('uses the chosen display locale everywhere by default, money included', () => {
    setDisplayLocale('en-US');
    expect(formatCount(1_000_000)).toBe('1,000,000');
    expect(formatMoney(100_000_000, 'INR')).toBe('₹1,000,000.00');
    setDisplayLocale('en-IN');
    expect(formatCount(1_000_000)).toBe('10,00,000');
    expect(formatMoney(100_000_000, 'INR')).toBe('₹10,00,000.00');
    setDisplayLocale('de-DE');
    expect(formatMoney(123_450, 'EUR')).toBe('1.234,50\u00a0€');
    expect(formatMoney(500, 'JPY')).toBe('500\u00a0¥');
  });

  it('falls back to the runtime default for a locale it cannot use', () => {
    setDisplayLocale('not a locale!');
    expect(displayLocale()).toBe(new Intl.NumberFormat().resolvedOptions().locale);
  });

  it('shows instants in the given zone with the zone named, UTC only on request', () => {
    const instant = '2026-12-01T19:15:00.000Z';
    const kolkata = formatDateTime(instant, 'Asia/Kolkata', 'en-US');
    expect(kolkata).toContain('Dec 2, 2026');
    expect(kolkata).toContain('12:45');
    expect(kolkata).toContain('GMT+5:30');
    expect(formatTime(instant, 'America/Chicago', 'en-US')).toMatch(/^1:15\sPM CST$/);
    expect(formatTime(instant, 'Europe/Berlin', 'de-DE')).toMatch(/^20:15 MEZ$/);
    expect(formatUtcInstant(instant)).toBe('2026-12-01 19:15 UTC');
  });

  it('leaves no hard-coded locale in the renderer', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.tsx?$/.test(name)) {
          const text = readFileSync(path, 'utf8');
          if (/toLocale(String|TimeString|DateString)\(\s*('[^']*'|"[^"]*")?\s*\)/.test(text) || /'en-IN'/.test(text)) offenders.push(path);
        }
      }
    };
    walk('renderer');
    expect(offenders).toEqual([]);
  });
});
