import type { AccountRoute } from '../http/router';
import { platformOk } from '../http/respond';
import { toWireAlert, toWireBilling } from './wire';
import { cursorFrom, limitFrom } from './paging';

/** [ours] billing and low-balance / 75%-usage alert events (Kaleyra documents neither path). */
export const billingRoutes: AccountRoute[] = [
  {
    auth: 'account',
    method: 'GET',
    pattern: '/api/v1/:sid/billing',
    style: 'platform',
    ours: true,
    handle({ services, target, now }) {
      return platformOk(toWireBilling(services.store, target, now));
    },
  },
  {
    auth: 'account',
    method: 'GET',
    pattern: '/api/v1/:sid/alerts',
    style: 'platform',
    ours: true,
    handle({ services, target, query }) {
      const since = cursorFrom(query);
      const limit = limitFrom(query);
      // A parent's alerts include its sub-accounts'; a sub-account sees only its own.
      const sids = target.parentSid === null ? [target.sid, ...services.store.accounts.listSubaccounts(target.sid).map((sub) => sub.sid)] : [target.sid];
      const rows = services.store.alerts.page(sids, since, limit + 1);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return platformOk({ alerts: page.map(toWireAlert), next_cursor: String(last ? last.seq : since), has_more: rows.length > limit });
    },
  },
];
