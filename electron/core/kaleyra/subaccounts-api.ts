import { z } from 'zod';
import { platformEnvelope } from '../../../shared/kaleyra/envelope';
import { wireSubaccount, type WireSubaccount } from '../../../shared/kaleyra/subaccount';
import { sidPath, type KaleyraHttp } from './http';

/** `/api/v1/{sid}/subaccounts` (parent key). */
export class SubaccountsApi {
  constructor(private readonly http: KaleyraHttp) {}

  async list(): Promise<WireSubaccount[]> {
    const body = await this.http.request('GET', `/api/v1/${sidPath(this.http.sid)}/subaccounts`, platformEnvelope(z.array(wireSubaccount)), undefined, 'sub-account list');
    return body.data;
  }
}
