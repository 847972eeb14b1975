import { describe, expect, it } from 'vitest';
import { isPersonalised, placeholdersIn, renderBody } from '../../../shared/personalisation';

describe('personalisation', () => {
  it('fills fields from the recipient, with fallbacks and the name column', () => {
    const values = { name: 'Asha Rao', fields: { first_name: 'Asha', city: '' } };
    expect(renderBody('Hi {{first_name}}, {{ city | your city }} awaits. — {{name}}', values)).toBe('Hi Asha, your city awaits. — Asha Rao');
    expect(renderBody('Hi {{first_name|there}}', { name: null, fields: null })).toBe('Hi there');
    expect(renderBody('Hi {{first_name}}!', { name: null, fields: null })).toBe('Hi !');
  });

  it('leaves text that only looks like a field alone, and knows which bodies are personalised', () => {
    expect(renderBody('Use code {{ SALE }} or {x}', { name: null, fields: { sale: 'no' } })).toBe('Use code {{ SALE }} or {x}');
    expect(isPersonalised('Hello')).toBe(false);
    expect(isPersonalised('Hello {{first_name}}')).toBe(true);
    expect(isPersonalised('Hello {{first_name}}')).toBe(true);
    expect(placeholdersIn('{{a}} {{b|x y}}')).toEqual([
      { field: 'a', fallback: null },
      { field: 'b', fallback: 'x y' },
    ]);
  });
});
