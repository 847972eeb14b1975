import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { checkDltCompliance, DLT_FAILURES_LISTED, DLT_RECIPIENTS_NAMED, type DltCheckedMessage, type DltCheckSettings } from '../../../shared/dlt/compliance';
import type { DltRegistryView } from '../../../shared/dlt/registry';
import { templateDataFor } from '../../../shared/dlt/template-data';

const PROMO = '1107161234500000001';
const TXN = '1107161234500000002';
const registry: DltRegistryView = {
  entityId: '1101456789012345678',
  headers: [
    { header: '567890', category: 'promotional' },
    { header: 'ACMENR', category: 'transactional' },
  ],
  templates: [
    { templateId: PROMO, name: 'Diwali', header: '567890', category: 'promotional', text: 'Hi {#var#}, Diwali offer: {#var#} off at Acme.', slots: 2 },
    { templateId: TXN, name: 'Shipped', header: 'ACMENR', category: 'transactional', text: 'Dear {#var#}, order {#var#} has shipped.', slots: 2 },
  ],
};
/** 12:00 and 22:30 India time on a weekday. */
const noonIst = DateTime.fromISO('2026-12-02T12:00', { zone: 'Asia/Kolkata' }).toMillis();
const lateIst = DateTime.fromISO('2026-12-02T22:30', { zone: 'Asia/Kolkata' }).toMillis();

const promoSettings = (patch: Partial<DltCheckSettings> = {}): DltCheckSettings => ({
  registry,
  senderId: '567890',
  routeType: 'promotional',
  variants: [
    { language: 'en', dltTemplateId: PROMO },
    { language: 'hi', dltTemplateId: null },
  ],
  ...patch,
});
const indian = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `+9198765${String(from + i).padStart(5, '0')}`);

describe('DLT compliance of a campaign', () => {
  it('passes matching texts inside the promotional hours and counts only Indian numbers', () => {
    const messages: DltCheckedMessage[] = [
      { variant: 0, body: 'Hi Asha, Diwali offer: 20% off at Acme.', recipients: indian(3), leavesAtMs: noonIst },
      { variant: 0, body: 'Hi Ravi, Diwali offer: ₹500 off at Acme.', recipients: indian(2, 3), leavesAtMs: noonIst },
      { variant: 1, body: 'कुछ भी', recipients: [], leavesAtMs: noonIst },
    ];
    const report = checkDltCompliance(promoSettings(), messages);
    expect(report).toMatchObject({ enforced: true, indianRecipients: 5, compliantRecipients: 5, failingRecipients: 0, failures: [], hoursChecked: true });
    expect(report.variants).toEqual([
      { language: 'en', templateId: PROMO, indianRecipients: 5, failingRecipients: 0 },
      { language: 'hi', templateId: null, indianRecipients: 0, failingRecipients: 0 },
    ]);
  });

  it('gives each failing recipient one reason, in the operators’ order, naming the first recipients', () => {
    const long = 'x'.repeat(41);
    const messages: DltCheckedMessage[] = [
      // Matches but leaves at 22:30 IST: promotional hours.
      { variant: 0, body: 'Hi Asha, Diwali offer: 20% off at Acme.', recipients: indian(7), leavesAtMs: lateIst },
      // Overflowing slot, at noon: body mismatch (before the hours are even looked at).
      { variant: 0, body: `Hi ${long}, Diwali offer: 20% off at Acme.`, recipients: indian(1, 10), leavesAtMs: lateIst },
      // Wording changed.
      { variant: 0, body: 'Hello Asha, Diwali offer: 20% off at Acme.', recipients: indian(2, 20), leavesAtMs: noonIst },
      // The Hindi variant has no template.
      { variant: 1, body: 'नमस्ते', recipients: indian(4, 30), leavesAtMs: noonIst },
    ];
    const report = checkDltCompliance(promoSettings(), messages);
    expect(report.indianRecipients).toBe(14);
    expect(report.failingRecipients).toBe(14);
    expect(report.byProblem).toEqual([
      { problem: 'no-template', recipients: 4 },
      { problem: 'body-mismatch', recipients: 3 },
      { problem: 'promotional-hours', recipients: 7 },
    ]);
    const hours = report.failures.find((failure) => failure.problem === 'promotional-hours');
    expect(hours?.recipients).toEqual(indian(DLT_RECIPIENTS_NAMED));
    expect(hours?.recipientCount).toBe(7);
    expect(hours?.message).toMatch(/09:00 to 21:00 India time; these would leave at 22:30 on 2026-12-02/);
    const overflow = report.failures.find((failure) => failure.body?.includes(long));
    expect(overflow?.mismatches.map((m) => m.text)).toEqual(['Variable 1 holds 41 characters; a variable may hold at most 30.']);
    // The highlighted range is exactly the characters past 30.
    expect(overflow?.mismatches[0]?.range).toEqual({ start: 3 + 30, end: 3 + 41 });
    const wording = report.failures.find((failure) => failure.body?.startsWith('Hello'));
    expect(wording?.message).toMatch(/does not match template 1107161234500000001/);
    expect(report.failures.find((failure) => failure.problem === 'no-template')?.message).toMatch(/hi message goes to Indian numbers without a DLT template/);
  });

  it('refuses a header not registered for the template’s category, a route of another category and a missing entity ID', () => {
    const body = 'Hi Asha, Diwali offer: 20% off at Acme.';
    const one = (settings: DltCheckSettings) => checkDltCompliance(settings, [{ variant: 0, body, recipients: indian(1), leavesAtMs: noonIst }]).failures[0];
    expect(one(promoSettings({ senderId: 'ACMENR' }))?.problem).toBe('header-not-registered');
    expect(one(promoSettings({ senderId: 'ACMENR' }))?.message).toMatch(/"ACMENR" is not registered for promotional messages/);
    expect(one(promoSettings({ routeType: 'transactional' }))?.problem).toBe('route-category');
    expect(one(promoSettings({ registry: { ...registry, entityId: null } }))?.problem).toBe('no-entity');
    expect(one(promoSettings({ variants: [{ language: 'en', dltTemplateId: '1107000000000000099' }] }))?.problem).toBe('unknown-template');
    // A transactional template is not held to the promotional hours.
    const late = checkDltCompliance({ registry, senderId: 'ACMENR', routeType: 'transactional', variants: [{ language: 'en', dltTemplateId: TXN }] }, [
      { variant: 0, body: 'Dear Asha, order A-77 has shipped.', recipients: indian(2), leavesAtMs: lateIst },
    ]);
    expect(late.failingRecipients).toBe(0);
  });

  it('only reports until the profile uses DLT, and says when the hours were not checked', () => {
    const empty: DltRegistryView = { entityId: null, headers: [], templates: [] };
    const report = checkDltCompliance({ registry: empty, senderId: 'ACME', routeType: 'promotional', variants: [{ language: 'en' }] }, [
      { variant: 0, body: 'anything', recipients: indian(3), leavesAtMs: null },
    ]);
    expect(report).toMatchObject({ enforced: false, indianRecipients: 3, failingRecipients: 0, hoursChecked: false });
  });

  it('lists at most DLT_FAILURES_LISTED failures and counts the rest', () => {
    // Each adds another word to the wording: 45 different failures.
    const word = (i: number) => `w${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`;
    const messages = Array.from({ length: 45 }, (_, i): DltCheckedMessage => ({
      variant: 0,
      body: `Hi Asha, Diwali ${word(i)} offer: 1 off at Acme.`,
      recipients: indian(1, i),
      leavesAtMs: noonIst,
    }));
    const report = checkDltCompliance(promoSettings(), messages);
    expect(report.failingRecipients).toBe(45);
    expect(report.failures).toHaveLength(DLT_FAILURES_LISTED);
    expect(report.moreFailures).toBe(45 - DLT_FAILURES_LISTED);
  });

  it('groups personalised texts that fail the same way into one failure naming their recipients', () => {
    const names = ['Asha', 'Ravi', 'Meera', 'Imran', 'Arjun', 'Kavya', 'Dev'];
    const messages = names.map((name, i): DltCheckedMessage => ({
      variant: 0,
      body: `Hi ${name}, Diwali mega offer: 20% off at Acme.`,
      recipients: indian(1, i),
      leavesAtMs: noonIst,
    }));
    const report = checkDltCompliance(promoSettings(), messages);
    expect(report.failures).toHaveLength(1);
    expect(report.failures[0]).toMatchObject({
      problem: 'body-mismatch',
      recipientCount: names.length,
      recipients: indian(DLT_RECIPIENTS_NAMED),
      body: messages[0]?.body,
    });
    expect(report.failures[0]?.mismatches.map((m) => m.text)).toEqual(['" mega" is not in the registered text.']);
  });

  it('groups overflowing variables by slot whatever their lengths, and counts wording failures past the aligned ones', () => {
    const overflowing = Array.from({ length: 30 }, (_, i): DltCheckedMessage => ({
      variant: 0,
      body: `Hi ${'n'.repeat(31 + i)}, Diwali offer: 1 off at Acme.`,
      recipients: indian(1, i),
      leavesAtMs: noonIst,
    }));
    const reworded = Array.from({ length: 80 }, (_, i): DltCheckedMessage => ({
      variant: 0,
      body: `Hi Asha, Diwali offer: ${i} off at Acme shops.`,
      recipients: indian(1, 100 + i),
      leavesAtMs: noonIst,
    }));
    const report = checkDltCompliance(promoSettings(), [...overflowing, ...reworded]);
    expect(report.failingRecipients).toBe(110);
    expect(report.failures.map((failure) => [failure.problem, failure.recipientCount, failure.mismatches.length])).toEqual([
      ['body-mismatch', 30, 1],
      // The same wording error in every text: the aligned ones are one failure, the rest counted with them.
      ['body-mismatch', 50, 1],
      ['body-mismatch', 30, 0],
    ]);
    expect(report.failures[0]?.message).toMatch(/Variable 1 holds 31 characters/);
    expect(report.failures[1]?.mismatches[0]?.text).toBe('" shops" is not in the registered text.');
  });

  it('extracts the template send’s variables that render the same body', () => {
    expect(templateDataFor(registry.templates[0]?.text ?? '', 'Hi Asha, Diwali offer: 20% off at Acme.')).toEqual({ var1: 'Asha', var2: '20%' });
    expect(templateDataFor(registry.templates[0]?.text ?? '', 'Hello Asha, Diwali offer: 20% off at Acme.')).toBeNull();
  });
});
