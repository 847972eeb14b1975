import { platformEnvelope } from '../../../shared/kaleyra/envelope';
import { wireAlertsPage, type WireAlert } from '../../../shared/kaleyra/billing';
import { sidPath, type KaleyraHttp } from './http';

const ALERTS_PAGE_SIZE = 500;
/** A runaway cursor must not hold a dashboard forever. */
const MAX_ALERT_PAGES = 200;

/**
 * [ours] `GET /api/v1/{sid}/alerts?since=&limit=`: low-balance and 75%-of-limit events (a parent's
 * include its sub-accounts'). Kaleyra only e-mails these, so a real account answers 404
 * (API_NOT_AVAILABLE) and callers say alerts are unavailable.
 */
export class AlertsApi {
  constructor(private readonly http: KaleyraHttp) {}

  /** Every alert after `since` (null: from the beginning), oldest first, and the cursor to resume from. */
  async since(since: string | null): Promise<{ alerts: WireAlert[]; cursor: string | null }> {
    const alerts: WireAlert[] = [];
    let cursor = since;
    for (let page = 0; page < MAX_ALERT_PAGES; page++) {
      const query = new URLSearchParams({ limit: String(ALERTS_PAGE_SIZE) });
      if (cursor !== null) query.set('since', cursor);
      const body = await this.http.request(
        'GET',
        `/api/v1/${sidPath(this.http.sid)}/alerts?${query.toString()}`,
        platformEnvelope(wireAlertsPage),
        undefined,
        'alert list',
      );
      alerts.push(...body.data.alerts);
      cursor = body.data.next_cursor;
      if (!body.data.has_more) break;
    }
    return { alerts, cursor };
  }
}
