import { BillingApi } from './billing-api';
import { KaleyraHttp, type KaleyraConnection } from './http';
import { SubaccountsApi } from './subaccounts-api';

/** One account's view of the API, grouped as Kaleyra's documentation groups it. */
export class KaleyraClient {
  readonly http: KaleyraHttp;
  readonly subaccounts: SubaccountsApi;
  readonly billing: BillingApi;

  constructor(connection: KaleyraConnection) {
    this.http = new KaleyraHttp(connection);
    this.subaccounts = new SubaccountsApi(this.http);
    this.billing = new BillingApi(this.http);
  }
}
