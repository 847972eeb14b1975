import { z } from 'zod';
import { platformEnvelope } from '../../../shared/kaleyra/envelope';
import { wireSubaccount, type CreateSubaccountRequest, type PatchSubaccountRequest, type WireSubaccount } from '../../../shared/kaleyra/subaccount';
import { sidPath, type KaleyraHttp } from './http';

const oneSubaccount = platformEnvelope(wireSubaccount);

/** The platform's own words next to the data: delete's answer is RBC2347 "Account deleted successfully!". */
export interface DeletedSubaccount {
  subaccount: WireSubaccount;
  apiCode: string;
  apiMessage: string;
}

/** `/api/v1/{sid}/subaccounts` (parent key). Amounts in the bodies are decimal major units. */
export class SubaccountsApi {
  constructor(private readonly http: KaleyraHttp) {}

  private base(): string {
    return `/api/v1/${sidPath(this.http.sid)}/subaccounts`;
  }

  private one(subSid: string, suffix = ''): string {
    return `${this.base()}/${sidPath(subSid)}${suffix}`;
  }

  async list(): Promise<WireSubaccount[]> {
    const body = await this.http.request('GET', this.base(), platformEnvelope(z.array(wireSubaccount)), undefined, 'sub-account list');
    return body.data;
  }

  async create(request: CreateSubaccountRequest): Promise<WireSubaccount> {
    return (await this.http.request('POST', this.base(), oneSubaccount, request, 'new sub-account')).data;
  }

  async get(subSid: string): Promise<WireSubaccount> {
    return (await this.http.request('GET', this.one(subSid), oneSubaccount, undefined, 'sub-account')).data;
  }

  /** Partial edit. The desktop never sends `credit_amount` here: credit moves go through `recharge`. */
  async edit(subSid: string, patch: PatchSubaccountRequest): Promise<WireSubaccount> {
    return (await this.http.request('PATCH', this.one(subSid), oneSubaccount, patch, 'edited sub-account')).data;
  }

  /** Positive funds the sub-account from the parent; negative withdraws to the parent. */
  async recharge(subSid: string, amountMajor: number): Promise<WireSubaccount> {
    return (await this.http.request('POST', this.one(subSid, '/recharges'), oneSubaccount, { amount: amountMajor }, 'recharged sub-account')).data;
  }

  async remove(subSid: string): Promise<DeletedSubaccount> {
    const body = await this.http.request('DELETE', this.one(subSid), oneSubaccount, undefined, 'deleted sub-account');
    return { subaccount: body.data, apiCode: body.code, apiMessage: body.message };
  }

  /** [ours] the docs show suspension in the UI only; the sandbox serves these two. */
  async suspend(subSid: string): Promise<WireSubaccount> {
    return (await this.http.request('POST', this.one(subSid, '/suspend'), oneSubaccount, undefined, 'suspended sub-account')).data;
  }

  async activate(subSid: string): Promise<WireSubaccount> {
    return (await this.http.request('POST', this.one(subSid, '/activate'), oneSubaccount, undefined, 'activated sub-account')).data;
  }
}
