import { describe, expect, it } from 'vitest';
import { databaseBefore, insertProfileRow } from './migration-fixture';
import { migrate } from '../../../electron/core/store/database';
import { EnteredRateCardRepository } from '../../../electron/core/store/entered-rate-card-repository';
import { ProfilesRepository } from '../../../electron/core/store/profiles-repository';

describe('migration: launch unit prices per campaign, hand-entered rate cards', () => {
  it('adds an empty typed rate card per profile that is replaced whole and goes with the profile', () => {
    const { db } = databaseBefore('launch unit prices per campaign, hand-entered rate cards (documented spend)');
    insertProfileRow(db, {
      id: 'real',
      displayName: 'Kaleyra · North',
      kind: 'kaleyra',
      baseUrl: 'https://api.in.kaleyra.io',
      sid: 'HXIN1_1',
      role: 'subaccount',
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    migrate(db);
    const cards = new EnteredRateCardRepository(db);
    expect(cards.get('real')).toBeNull();
    cards.replace('real', { currency: 'INR', unitPrices: { in: '0.25', GB: '3.2' } }, '2026-01-02T00:00:00.000Z');
    cards.replace('real', { currency: 'INR', unitPrices: { IN: '0.24', AE: '1.80' } }, '2026-01-03T00:00:00.000Z');
    expect(cards.get('real')).toEqual({ currency: 'INR', enteredAt: '2026-01-03T00:00:00.000Z', unitPrices: { AE: '1.80', IN: '0.24' } });
    expect(() =>
      db.prepare("INSERT INTO campaign_unit_prices (campaign_id, country, currency, unit_price, entered) VALUES ('none', 'IN', 'INR', '0.25', 2)").run(),
    ).toThrow();
    new ProfilesRepository(db).delete('real');
    expect(db.prepare('SELECT COUNT(*) AS n FROM entered_rate_cards').get()).toEqual({ n: 0 });
    db.close();
  });
});
