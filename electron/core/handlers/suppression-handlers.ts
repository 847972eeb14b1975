import type { suppressionCalls } from '../../../shared/calls/audiences';
import { normalizePhone } from '../../../shared/phone';
import type { CallHandlers } from '../dispatch';
import type { CoreServices } from '../services/core-services';
import { isoAt } from '../time';

const MAX_INVALID_SHOWN = 50;

export const suppressionHandlers = (s: CoreServices): Pick<CallHandlers, keyof typeof suppressionCalls> => ({
  'suppressions.list': ({ limit }) => {
    const profileId = s.requireActiveProfile().id;
    return { total: s.suppressions.count(profileId), latest: s.suppressions.latest(profileId, limit) };
  },
  'suppressions.add': ({ numbers, reason, defaultCountry }) => {
    const profileId = s.requireActiveProfile().id;
    const valid: string[] = [];
    const invalid: Array<{ value: string; message: string }> = [];
    for (const value of numbers.split(/[\r\n,;]+/).map((part) => part.trim()).filter((part) => part !== '')) {
      const phone = normalizePhone(value, defaultCountry ?? undefined);
      if (phone.ok) valid.push(phone.e164);
      else if (invalid.length < MAX_INVALID_SHOWN) invalid.push({ value, message: phone.message });
    }
    const unique = [...new Set(valid)];
    const added = s.suppressions.add(profileId, unique, reason, isoAt(s.clock()));
    return { added, alreadyListed: unique.length - added, invalid };
  },
  'suppressions.remove': ({ phoneE164 }) => ({ removed: s.suppressions.remove(s.requireActiveProfile().id, phoneE164) }),
});
