/**
 * Creates sub-accounts the way an ISV's onboarding does: one API call per customer through the
 * sandbox's public sub-account API, with the customers' own names, countries and mailboxes.
 */

// The countries the sandbox's prepaid parent has enabled.
const COUNTRIES = ['IN', 'SG', 'AE', 'GB', 'US'] as const;
const NAME_WORDS = ['Chai', 'Kopi', 'Souk', 'Tea', 'Diner', 'Kiosk', 'Padaria', 'Warung', 'Baeckerei', 'Dhaba', 'Bistro', 'Mart'];
const CITIES = ['Pune', 'Jurong', 'Deira', 'Leeds', 'Austin', 'Koeln', 'Recife', 'Bandung', 'Kochi', 'Mysore', 'Tampines', 'Sharjah'];

export interface CreatedSubaccount {
  sid: string;
  apiKey: string;
  name: string;
  country: string;
  creditMinor: number;
}

export interface ManySubaccountsOptions {
  url: string;
  parentSid: string;
  parentKey: string;
  count: number;
  /** Initial credit of each, in minor units of the parent's currency (2 decimals). */
  creditMinor: (index: number) => number;
  /** A prefix keeps names and mailboxes unique across calls on one sandbox. */
  tag?: string;
  concurrency?: number;
}

export function customerName(index: number, tag = ''): string {
  const word = NAME_WORDS[index % NAME_WORDS.length] ?? 'Shop';
  const city = CITIES[Math.floor(index / NAME_WORDS.length) % CITIES.length] ?? 'Town';
  return `${word} ${city} ${tag}${index + 1}`;
}

export async function createManySubaccounts(options: ManySubaccountsOptions): Promise<CreatedSubaccount[]> {
  const created: CreatedSubaccount[] = new Array(options.count);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const index = next++;
      if (index >= options.count) return;
      const name = customerName(index, options.tag ?? '');
      const country = COUNTRIES[index % COUNTRIES.length] ?? 'IN';
      const creditMinor = options.creditMinor(index);
      const response = await fetch(`${options.url}/api/v1/${options.parentSid}/subaccounts`, {
        method: 'POST',
        headers: { 'api-key': options.parentKey, 'content-type': 'application/json' },
        body: JSON.stringify({
          account_name: name,
          email: `owner.${(options.tag ?? '').toLowerCase()}${index + 1}@${name.split(' ')[0]?.toLowerCase() ?? 'shop'}-customers.example`,
          is_invited: false,
          country_iso_code: country,
          channels: ['sms'],
          subaccount_credit_type: 'assigned',
          credit_amount: creditMinor / 100,
        }),
      });
      const json = (await response.json()) as { data?: { sid: string; api_key?: string } };
      if (response.status !== 201 || !json.data?.api_key) throw new Error(`creating ${name} answered ${response.status}: ${JSON.stringify(json)}`);
      created[index] = { sid: json.data.sid, apiKey: json.data.api_key, name, country, creditMinor };
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  return created;
}

/** One SMS from a sub-account with its own key (its own rate limit, not the parent's). */
export async function sendAs(url: string, account: { sid: string; apiKey: string }, to: string, body: string): Promise<void> {
  const response = await fetch(`${url}/v1/${account.sid}/sms`, {
    method: 'POST',
    headers: { 'api-key': account.apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({ to, sender: 'ACME', body }),
  });
  if (response.status !== 202) throw new Error(`sending as ${account.sid} answered ${response.status}: ${await response.text()}`);
}
