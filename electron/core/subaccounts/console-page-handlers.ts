import { consolePageCalls } from '../../../shared/calls/console-pages';
import { defineHandlers } from '../define-handlers';

/** Parent-only: the parent console's tables one window at a time. */
export const consolePageHandlers = defineHandlers(consolePageCalls, (s) => ({
  'subaccounts.page': ({ search, status, sort, offset, limit }) => {
    const profileId = s.requireActiveProfile().id;
    const filter = { search, status };
    return { ...s.subaccountList.count(profileId, filter), offset, rows: s.subaccountList.window(profileId, filter, sort, offset, limit) };
  },
  'spend.overview': (period) => s.spendPages.overview(s.requireActiveProfile(), period),
  'spend.accounts': (query) => s.spendPages.accounts(s.requireActiveProfile(), query),
}));
