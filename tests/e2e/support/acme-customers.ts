import { createManySubaccounts, type CreatedSubaccount, type ManySubaccountsOptions } from '../../support/many-subaccounts';
import type { RunningHost } from './browser-host';
import { sandboxAccount } from './sandbox-truth';

/**
 * Customers created under the browser host's embedded sandbox parent, Acme Retail, through the
 * sandbox's public API the way an ISV's onboarding does (see createManySubaccounts).
 */
export function createAcmeCustomers(
  host: RunningHost,
  customers: Omit<ManySubaccountsOptions, 'url' | 'parentSid' | 'parentKey'>,
): Promise<CreatedSubaccount[]> {
  if (!host.sandboxUrl) throw new Error('the browser host runs no sandbox');
  const parent = sandboxAccount(host.dataDir, 'Acme Retail');
  return createManySubaccounts({ url: host.sandboxUrl, parentSid: parent.sid, parentKey: parent.apiKey, ...customers });
}
