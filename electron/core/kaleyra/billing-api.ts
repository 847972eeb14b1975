import { platformEnvelope } from '../../../shared/kaleyra/envelope';
import { wireBilling, type WireBilling } from '../../../shared/kaleyra/billing';
import { sidPath, type KaleyraHttp } from './http';

/**
 * [ours] `GET /api/v1/{sid}/billing`: Kaleyra documents the figures (prepaid balance; postpaid
 * usage, limit, 75% flag, period) but no path, so a real account may answer 404 here.
 */
export class BillingApi {
  constructor(private readonly http: KaleyraHttp) {}

  async get(): Promise<WireBilling> {
    const body = await this.http.request('GET', `/api/v1/${sidPath(this.http.sid)}/billing`, platformEnvelope(wireBilling), undefined, 'billing summary');
    return body.data;
  }
}
