import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DLT_SLOT, DLT_SLOT_MAX_CHARS, describeMismatch, matchDltTemplate, slotCount } from '../../../shared/dlt/template-match';
import { headerProblem } from '../../../shared/dlt/categories';

// Literal wording and variable values are drawn from disjoint alphabets, so the true place of every
// slot in the body is known exactly: what the matcher reports is checked against that truth.
const LITERAL_CHARS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz .,:-!?₹()/नमस्तेआपकाऑर्डरभेजागया'];
const SLOT_CHARS = [...'0123456789@#%&*+=_', '😀', '🎉', 'ß', 'é', 'ñ', 'ü', 'ய', 'ழ'];
const DISALLOWED = ['\n', '\r', '\t', '\u0007', '\u001b', '\u007f'];
const FOREIGN = ['~', '^', '|', '¬'];

const literal = (minLength: number) => fc.array(fc.constantFrom(...LITERAL_CHARS), { minLength, maxLength: 25 }).map((chars) => chars.join(''));
const slotValue = (minLength: number, maxLength: number) => fc.array(fc.constantFrom(...SLOT_CHARS), { minLength, maxLength }).map((chars) => chars.join(''));

/** A registered text with 1–4 slots; literals between slots are never empty (as on the portals). */
const template = fc
  .integer({ min: 1, max: 4 })
  .chain((slots) =>
    fc
      .tuple(literal(0), fc.array(literal(1), { minLength: slots - 1, maxLength: slots - 1 }), literal(0))
      .map(([first, middle, last]) => [first, ...middle, last]),
  );

interface Rendered {
  registered: string;
  body: string;
  slots: Array<{ start: number; end: number }>;
  literalStarts: number[];
}

function render(literals: string[], values: string[]): Rendered {
  let body = '';
  const slots: Rendered['slots'] = [];
  const literalStarts: number[] = [];
  literals.forEach((text, index) => {
    literalStarts.push(body.length);
    body += text;
    const value = values[index];
    if (index < literals.length - 1 && value !== undefined) {
      slots.push({ start: body.length, end: body.length + value.length });
      body += value;
    }
  });
  return { registered: literals.join(DLT_SLOT), body, slots, literalStarts };
}

/** A template, one of its slots (`picked`), a value of up to `maxChars` for every slot, then whatever else the property draws. */
const withPickedSlot = <More extends unknown[]>(maxChars: number, ...more: { [K in keyof More]: fc.Arbitrary<More[K]> }) =>
  template.chain((literals) =>
    fc.tuple(
      fc.constant(literals),
      fc.integer({ min: 0, max: literals.length - 2 }),
      fc.array(slotValue(0, maxChars), { minLength: literals.length - 1, maxLength: literals.length - 1 }),
      ...more,
    ),
  );

const filled = (valueArb: (index: number) => fc.Arbitrary<string>) =>
  template.chain((literals) => fc.tuple(fc.constant(literals), fc.tuple(...Array.from({ length: literals.length - 1 }, (_, index) => valueArb(index)))));

describe('DLT template match', () => {
  it('matches a body whose slots hold up to 30 allowed characters, and says where each slot is', () => {
    fc.assert(
      fc.property(
        filled(() => slotValue(0, DLT_SLOT_MAX_CHARS)),
        ([literals, values]) => {
          const rendered = render(literals, values);
          const result = matchDltTemplate(rendered.registered, rendered.body);
          expect(result).toEqual({ matches: true, slots: rendered.slots, mismatches: [] });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reports an overflowing slot from its 31st character to its end, and nothing else', () => {
    fc.assert(
      fc.property(withPickedSlot(DLT_SLOT_MAX_CHARS, slotValue(DLT_SLOT_MAX_CHARS + 1, 70)), ([literals, overflowing, values, long]) => {
        values[overflowing] = long;
        const rendered = render(literals, values);
        const slot = rendered.slots[overflowing];
        if (!slot) throw new Error('no slot');
        const allowedUnits = Array.from(long).slice(0, DLT_SLOT_MAX_CHARS).join('').length;
        const result = matchDltTemplate(rendered.registered, rendered.body);
        expect(result.matches).toBe(false);
        expect(result.slots).toEqual(rendered.slots);
        expect(result.mismatches).toEqual([
          { kind: 'slot-overflow', slot: overflowing, range: { start: slot.start + allowedUnits, end: slot.end }, length: Array.from(long).length },
        ]);
      }),
      { numRuns: 300 },
    );
  });

  it('reports a line break or control character in a slot at its exact place', () => {
    fc.assert(
      fc.property(withPickedSlot(DLT_SLOT_MAX_CHARS - 1, fc.constantFrom(...DISALLOWED), fc.nat()), ([literals, bad, values, control, position]) => {
        const value = Array.from(values[bad] ?? '');
        const at = position % (value.length + 1);
        value.splice(at, 0, control);
        values[bad] = value.join('');
        const rendered = render(literals, values);
        const slot = rendered.slots[bad];
        if (!slot) throw new Error('no slot');
        const offset = slot.start + value.slice(0, at).join('').length;
        const result = matchDltTemplate(rendered.registered, rendered.body);
        expect(result.matches).toBe(false);
        expect(result.mismatches).toEqual([{ kind: 'slot-characters', slot: bad, range: { start: offset, end: offset + 1 } }]);
      }),
      { numRuns: 300 },
    );
  });

  it('reports a changed character of the registered text on its literal, between its neighbouring literals', () => {
    fc.assert(
      fc.property(
        filled(() => slotValue(0, 10)).chain(([literals, values]) => {
          const rendered = render(literals, values);
          // Positions inside literal text, from the truth of where each literal sits.
          const positions = literals.flatMap((text, index) =>
            Array.from({ length: text.length }, (_, offset) => ({ literal: index, at: (rendered.literalStarts[index] ?? 0) + offset })),
          );
          return fc.tuple(
            fc.constant({ rendered, literals }),
            positions.length > 0 ? fc.constantFrom(...positions) : fc.constant(null),
            fc.constantFrom(...FOREIGN),
          );
        }),
        ([{ rendered, literals }, position, foreign]) => {
          fc.pre(position !== null);
          if (position === null) return;
          const body = rendered.body.slice(0, position.at) + foreign + rendered.body.slice(position.at + 1);
          const result = matchDltTemplate(rendered.registered, body);
          expect(result.matches).toBe(false);
          // Next to a slot the change may be read one character over (the slot absorbs the rest
          // either way), so the truth is: on that literal, inside the stretch between its neighbours.
          const previous = position.literal - 1;
          const from = previous >= 0 ? (rendered.literalStarts[previous] ?? 0) + (literals[previous]?.length ?? 0) : 0;
          const to = position.literal + 1 < literals.length ? (rendered.literalStarts[position.literal + 1] ?? body.length) : body.length;
          const onLiteral = result.mismatches.filter((mismatch) => mismatch.kind === 'literal' && mismatch.literal === position.literal);
          expect(onLiteral.some((mismatch) => mismatch.range.start >= from && mismatch.range.end <= to)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('marks exactly the changed character inside a word', () => {
    const registered = `Dear ${DLT_SLOT}, your order ${DLT_SLOT} has shipped.`;
    const result = matchDltTemplate(registered, 'Dear Ananya, your order 4471 was shipped.');
    expect(result.mismatches).toEqual([{ kind: 'literal', literal: 2, range: { start: 29, end: 30 }, expected: 'h' }]);
    expect(describeMismatch(result.mismatches[0]!, 'Dear Ananya, your order 4471 was shipped.')).toBe('"w" differs from the registered text "h".');
  });

  it('marks added words as one run, where they were added', () => {
    const registered = `Dear ${DLT_SLOT}, your order ${DLT_SLOT} has shipped.`;
    const body = 'Dear Ananya, your order 4471 has shipped today.';
    expect(matchDltTemplate(registered, body).mismatches).toEqual([{ kind: 'literal', literal: 2, range: { start: 40, end: 46 }, expected: '' }]);
    expect(body.slice(40, 46)).toBe(' today');
  });

  it('counts characters, not UTF-16 units: 30 emoji fit a slot, 31 do not', () => {
    const registered = `Your code is ${DLT_SLOT}. Do not share it.`;
    expect(matchDltTemplate(registered, `Your code is ${'😀'.repeat(30)}. Do not share it.`).matches).toBe(true);
    const over = matchDltTemplate(registered, `Your code is ${'😀'.repeat(31)}. Do not share it.`);
    expect(over.mismatches).toEqual([{ kind: 'slot-overflow', slot: 0, range: { start: 13 + 60, end: 13 + 62 }, length: 31 }]);
  });

  it('explains each mismatch in words', () => {
    const registered = `प्रिय ${DLT_SLOT}, आपका ऑर्डर ${DLT_SLOT} भेजा गया। -ACMEIN`;
    const body = 'प्रिय Asha, आपका ऑर्डर 4471 कल भेजा जाएगा। -ACMEIN';
    const result = matchDltTemplate(registered, body);
    expect(result.matches).toBe(false);
    expect(slotCount(registered)).toBe(2);
    for (const mismatch of result.mismatches) expect(describeMismatch(mismatch, body)).toMatch(/\S/);
  });
});

describe('DLT header rules', () => {
  it('wants 6 digits for promotional headers and 6 letters for the others', () => {
    expect(headerProblem('567890', 'promotional')).toBeNull();
    expect(headerProblem('ACMEIN', 'promotional')).toMatch(/6 digits/);
    for (const category of ['transactional', 'service_implicit', 'service_explicit'] as const) {
      expect(headerProblem('ACMEIN', category)).toBeNull();
      expect(headerProblem('567890', category)).toMatch(/6 letters/);
      expect(headerProblem('ACMEINDIA', category)).toMatch(/6 letters/);
    }
  });
});
