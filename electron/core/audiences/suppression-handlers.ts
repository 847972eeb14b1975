import { suppressionCalls } from '../../../shared/calls/audiences';
import { toCsv } from '../../../shared/csv-export';
import { normalizePhone } from '../../../shared/phone';
import { defineHandlers } from '../define-handlers';
import type { NumberSearch, SuppressionReason } from '../store/suppressions-repository';
import { isoAt } from '../time';

const MAX_INVALID_SHOWN = 50;

/** The search box's text as the start of a number: "+91 98100" with its country code, "98100" or "098100" (trunk 0 dropped) without. */
const numberSearch = (search: string): NumberSearch => {
  const international = search.trim().startsWith('+');
  const digits = search.replace(/\D/g, '');
  return { digits: international ? digits : digits.replace(/^0+/, ''), international: international ? 1 : 0 };
};

export const suppressionHandlers = defineHandlers(suppressionCalls, (s) => {
  /** Normalises numbers and adds the valid ones in one transaction; repeats count as already listed. */
  const suppress = (values: readonly string[], reason: SuppressionReason, defaultCountry: string | null) => {
    const profileId = s.requireActiveProfile().id;
    const valid: string[] = [];
    const invalid: Array<{ index: number; value: string; message: string }> = [];
    let invalidCount = 0;
    values.forEach((value, index) => {
      const phone = normalizePhone(value.trim(), defaultCountry ?? undefined);
      if (phone.ok) valid.push(phone.e164);
      else if (++invalidCount <= MAX_INVALID_SHOWN) invalid.push({ index, value, message: phone.message });
    });
    const unique = [...new Set(valid)];
    const added = s.suppressions.add(profileId, unique, reason, isoAt(s.clock()));
    return { added, alreadyListed: valid.length - added, uniqueValid: unique.length, invalidCount, invalid };
  };
  return {
    'suppressions.list': ({ limit, search }) => {
      const profileId = s.requireActiveProfile().id;
      const total = s.suppressions.count(profileId);
      const wanted = numberSearch(search ?? '');
      if (wanted.digits === '') return { total, matching: total, latest: s.suppressions.latest(profileId, limit) };
      return { total, matching: s.suppressions.countMatching(profileId, wanted), latest: s.suppressions.matching(profileId, wanted, limit) };
    },
    'suppressions.add': ({ numbers, reason, defaultCountry }) => {
      const values = numbers
        .split(/[\r\n,;]+/)
        .map((part) => part.trim())
        .filter((part) => part !== '');
      const result = suppress(values, reason, defaultCountry);
      // Typed numbers repeated in the text count once.
      return {
        added: result.added,
        alreadyListed: result.uniqueValid - result.added,
        invalid: result.invalid.map(({ value, message }) => ({ value, message })),
      };
    },
    'suppressions.import': ({ numbers, reason, defaultCountry }) => {
      const { added, alreadyListed, invalidCount, invalid } = suppress(numbers, reason, defaultCountry);
      return { added, alreadyListed, invalidCount, invalid };
    },
    'suppressions.remove': ({ phoneE164 }) => ({ removed: s.suppressions.remove(s.requireActiveProfile().id, phoneE164) }),
    'suppressions.export': () => {
      const rows: string[][] = [];
      for (const entry of s.suppressions.all(s.requireActiveProfile().id)) rows.push([entry.phoneE164, entry.reason, entry.createdAt]);
      return { fileName: 'suppression-list.csv', csv: toCsv(['phone', 'reason', 'added_at'], rows), rows: rows.length };
    },
  };
});
