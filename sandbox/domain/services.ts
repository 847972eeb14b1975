import type { SandboxStore } from '../store/sandbox-store';
import type { AdjustableClock } from './clock';
import { DeliverySimulation } from './delivery-simulation';
import type { RateLimiter } from './rate-limiter';
import { SmsService } from './sms-service';
import { SubaccountService } from './subaccounts';

/** Everything a route handler may use, built once per running sandbox. */
export class SandboxServices {
  readonly subaccounts: SubaccountService;
  readonly sms: SmsService;
  readonly delivery: DeliverySimulation;
  /** Serving only what Kaleyra documents (`--kaleyra-only`): answers leave out [ours] fields too. */
  readonly documentedOnly: boolean;

  constructor(
    readonly store: SandboxStore,
    readonly clock: AdjustableClock,
    readonly rateLimiter: RateLimiter,
    readonly adminToken: string,
    { documentedOnly = false }: { documentedOnly?: boolean } = {},
  ) {
    this.documentedOnly = documentedOnly;
    this.subaccounts = new SubaccountService(store);
    this.sms = new SmsService(store);
    this.delivery = new DeliverySimulation(store);
  }
}
