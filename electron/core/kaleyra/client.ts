import { BillingApi } from './billing-api';
import { KaleyraHttp, type KaleyraConnection } from './http';
import { PricingApi } from './pricing-api';
import { SmsApi } from './sms-api';
import { SubaccountsApi } from './subaccounts-api';

/** One account's view of the API, grouped as Kaleyra's documentation groups it. */
export class KaleyraClient {
  readonly http: KaleyraHttp;
  readonly subaccounts: SubaccountsApi;
  readonly billing: BillingApi;
  readonly sms: SmsApi;
  readonly pricing: PricingApi;

  constructor(connection: KaleyraConnection) {
    this.http = new KaleyraHttp(connection);
    this.subaccounts = new SubaccountsApi(this.http);
    this.billing = new BillingApi(this.http);
    this.sms = new SmsApi(this.http);
    this.pricing = new PricingApi(this.http);
  }
}
