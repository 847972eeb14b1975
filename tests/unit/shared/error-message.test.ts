import { describe, expect, it } from 'vitest';
import { DeskError } from '../../../shared/errors';
import { errorMessage, refusalOf, withoutCodes } from '../../../renderer/lib/error-message';

describe('refusals shown to people', () => {
  it('never carry a platform, sandbox or internal code in the sentence', () => {
    expect(withoutCodes('SBX-WITHDRAWAL-EXCEEDS-BALANCE: cannot withdraw more than the sub-account balance')).toBe(
      'cannot withdraw more than the sub-account balance',
    );
    expect(withoutCodes('The amount is above what the parent has (RBC2317).')).toBe('The amount is above what the parent has.');
    expect(withoutCodes('INSUFFICIENT_FUNDS — the launch needs ₹5.00 more')).toBe('the launch needs ₹5.00 more');
    expect(withoutCodes('AcmeNorth has only ₹2,250.00: a withdrawal cannot take it below zero.')).toBe(
      'AcmeNorth has only ₹2,250.00: a withdrawal cannot take it below zero.',
    );
    expect(withoutCodes('SBX-ACCOUNT-NOT-ACTIVE')).toMatch(/^Something unexpected happened/);
  });

  it('keep the code apart, for the details disclosure', () => {
    const refused = new DeskError('API_REJECTED', 'cannot withdraw more than the sub-account balance (SBX-WITHDRAWAL-EXCEEDS-BALANCE)', {
      apiCode: 'SBX-WITHDRAWAL-EXCEEDS-BALANCE',
      field: 'amount',
    });
    expect(refusalOf(refused)).toEqual({ message: 'cannot withdraw more than the sub-account balance', code: 'SBX-WITHDRAWAL-EXCEEDS-BALANCE' });
    expect(errorMessage(new Error('SQLITE_BUSY'))).toMatch(/^Something unexpected happened/);
  });
});
