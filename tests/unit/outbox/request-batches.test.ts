import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchRequests } from '../../../electron/core/outbox/request-batches';

describe('request batching', () => {
  it('puts identical bodies in requests of at most 100, in order', () => {
    const members = Array.from({ length: 250 }, (_, index) => index);
    const batches = batchRequests(members, () => 'Same text for all');
    expect(batches.map((batch) => batch.members.length)).toEqual([100, 100, 50]);
    expect(batches.flatMap((batch) => batch.members)).toEqual(members);
  });

  it('sends each personalised body on its own, and batches those that render the same', () => {
    const bodies = ['Hi Asha', 'Hi Ravi', 'Hi Asha', 'Hi there', 'Hi there', 'Hi Meera'];
    const batches = batchRequests(bodies.keys(), (member) => bodies[member] ?? '');
    expect(batches).toEqual([
      { body: 'Hi Asha', members: [0, 2] },
      { body: 'Hi Ravi', members: [1] },
      { body: 'Hi there', members: [3, 4] },
      { body: 'Hi Meera', members: [5] },
    ]);
  });

  it('refuses a request size that is not a positive whole number', () => {
    expect(() => batchRequests([1], () => 'x', 0)).toThrow(RangeError);
  });

  it('places every recipient in exactly one request, each request one body and at most the limit', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 600 }), fc.integer({ min: 1, max: 100 }), (bodyOf, limit) => {
        const batches = batchRequests(bodyOf.keys(), (member) => `body ${bodyOf[member] ?? -1}`, limit);
        const placed = batches.flatMap((batch) => batch.members).sort((a, b) => a - b);
        expect(placed).toEqual([...bodyOf.keys()]);
        for (const batch of batches) {
          expect(batch.members.length).toBeGreaterThan(0);
          expect(batch.members.length).toBeLessThanOrEqual(limit);
          expect(new Set(batch.members.map((member) => `body ${bodyOf[member] ?? -1}`))).toEqual(new Set([batch.body]));
        }
        // No two requests of the same body could have been merged.
        const perBody = new Map<string, number>();
        for (const batch of batches) perBody.set(batch.body, (perBody.get(batch.body) ?? 0) + 1);
        for (const [body, requests] of perBody) {
          const recipients = bodyOf.filter((b) => `body ${b}` === body).length;
          expect(requests).toBe(Math.ceil(recipients / limit));
        }
      }),
    );
  });
});
