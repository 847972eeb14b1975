import { describe, expect, it } from 'vitest';
import { renderedLengths } from '../../../renderer/features/campaigns/rendered-length';
import { adviseOnNonGsm } from '../../../renderer/features/campaigns/unicode-language';
import { analyzeSms } from '../../../shared/sms';

/** Names as CRMs export them: short, long, missing, blank, accented (GSM-7), Devanagari (UCS-2). */
const AUDIENCE = [
  { name: 'Bob', fields: { city: 'Pune' } },
  { name: 'Maximilian-Alexander Featherstonehaugh', fields: { city: 'Thiruvananthapuram' } },
  { name: null, fields: null },
  { name: '   ', fields: { city: '' } },
  { name: 'José', fields: { city: 'Sevilla' } },
  { name: 'Asha', fields: { city: 'Delhi' } },
];

describe('the counter counts what recipients receive', () => {
  it('never counts the {{field|fallback}} syntax, and gives the shortest, typical and longest with their segments', () => {
    const body = 'Hi {{name|there}}, your order in {{city|your city}} is ready.';
    const lengths = renderedLengths(body, AUDIENCE);
    const rendered = AUDIENCE.map(
      (values) => `Hi ${values.name?.trim() ? values.name : 'there'}, your order in ${values.fields?.city ? values.fields.city : 'your city'} is ready.`,
    );
    const sizes = rendered.map((text) => text.length).sort((a, b) => a - b);
    expect(lengths.recipients).toBe(6);
    expect(lengths.shortest.analysis.characters).toBe(sizes[0]);
    expect(lengths.longest.analysis.characters).toBe(sizes[5]);
    expect(lengths.longest.text).toBe('Hi Maximilian-Alexander Featherstonehaugh, your order in Thiruvananthapuram is ready.');
    expect(lengths.typical.analysis.characters).toBe(sizes[2]);
    // The template itself is longer than what most recipients get: counting it was the bug.
    expect(analyzeSms(body).characters).toBeGreaterThan(lengths.typical.analysis.characters);
    expect(lengths.shortest.analysis.segments).toBe(1);
  });

  it('shows a longer name pushing a message into a second segment', () => {
    const body = `${'x'.repeat(150)} {{name}}`;
    const lengths = renderedLengths(body, [
      { name: 'Al', fields: null },
      { name: 'Alexandrina', fields: null },
      { name: 'Bo', fields: null },
    ]);
    expect(lengths.shortest.analysis.segments).toBe(1);
    expect(lengths.typical.analysis.segments).toBe(1);
    expect(lengths.longest.analysis.segments).toBe(2);
    expect(lengths.longest.analysis.characters).toBe(162);
  });

  it('renders the fallbacks when no recipient is known', () => {
    const lengths = renderedLengths('Hi {{name|there}}', []);
    expect(lengths.recipients).toBe(0);
    expect(lengths.typical.text).toBe('Hi there');
    expect(lengths.typical.analysis.characters).toBe(8);
  });

  it('a Devanagari value makes that recipient’s message UCS-2', () => {
    const lengths = renderedLengths('Hello {{name}}', [
      { name: 'Ravi', fields: null },
      { name: 'रवि', fields: null },
    ]);
    expect(lengths.longest.analysis.encoding).toBe('UCS-2');
    expect(lengths.shortest.analysis.encoding).toBe('GSM-7');
  });
});

describe('characters outside GSM-7', () => {
  it('says once that Hindi needs Unicode and offers no replacements, even for a stray curly quote', () => {
    const hindi = analyzeSms('नमस्ते {{name|ग्राहक}}, आज 20% छूट — “दिवाली” सेल');
    expect(hindi.nonGsm.length).toBeGreaterThan(10);
    expect(adviseOnNonGsm(hindi.nonGsm)).toEqual({ needsUnicode: true, replaceable: [], irreplaceable: [] });
  });

  it('offers replacements in otherwise GSM-7 text: curly quotes, dashes, ellipsis, but not emoji', () => {
    const english = analyzeSms('Our \u201Cwinter\u201D sale \u2014 20% off\u2026 today \u{1F389}');
    const advice = adviseOnNonGsm(english.nonGsm);
    expect(advice.needsUnicode).toBe(false);
    expect(advice.replaceable).toEqual(['\u201C', '\u201D', '\u2014', '\u2026']);
    expect(advice.irreplaceable).toEqual(['\u{1F389}']);
  });

  it('treats other scripts the same way (Arabic, Greek letters outside GSM-7, Chinese)', () => {
    for (const text of ['مرحبا بك', 'Καλημέρα', '你好']) {
      expect(adviseOnNonGsm(analyzeSms(text).nonGsm).needsUnicode, text).toBe(true);
    }
  });
});
