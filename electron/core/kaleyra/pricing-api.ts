import { pricingResponse, type PricingResponse } from '../../../shared/kaleyra/sms';
import { sidPath, type KaleyraHttp } from './http';

/**
 * [ours] `GET /v1/{sid}/pricing`: the price of one unit per enabled destination. Kaleyra
 * documents no rate-card API, so a real account answers 404 (API_NOT_AVAILABLE) and the app
 * keeps the last card it has (or asks for one).
 */
export class PricingApi {
  constructor(private readonly http: KaleyraHttp) {}

  get(): Promise<PricingResponse> {
    return this.http.request('GET', `/v1/${sidPath(this.http.sid)}/pricing`, pricingResponse, undefined, 'rate card');
  }
}
