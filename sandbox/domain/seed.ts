import type { SandboxStore } from '../store/sandbox-store';
import type { NewAccount, SubaccountCreditType, AccountStatus } from '../store/accounts-repository';
import type { RateCardEntry } from '../store/rate-card-repository';
import { completeRateCard } from './rate-card-prices';
import { transferToSubaccount } from './funds';
import { utcPeriod } from './clock';
import { newApiKey, newParentSid } from './identifiers';

interface SubaccountSeed {
  name: string;
  email: string;
  country: string;
  creditType: SubaccountCreditType;
  status: AccountStatus;
  creditMinor?: number;
  monthlyLimitMinor?: number;
  lowBalance?: { thresholdMinor: number; emails: string[] };
}

interface ParentSeed {
  name: string;
  email: string;
  country: string;
  currency: string;
  billing: 'prepaid' | 'postpaid';
  openingBalanceMinor?: number;
  monthlyLimitMinor?: number;
  enterpriseDomain?: string;
  rateCard: RateCardEntry[];
  subaccounts: SubaccountSeed[];
}

/** What a fresh sandbox holds; amounts in minor units (paise, cents). */
const seedPlan: ParentSeed[] = [
  {
    name: 'Acme Retail',
    email: 'ops@acme-retail.example',
    country: 'IN',
    currency: 'INR',
    billing: 'prepaid',
    openingBalanceMinor: 10_000_00,
    rateCard: [
      { country: 'IN', priceMinor: 25 },
      { country: 'AE', priceMinor: 180 },
      { country: 'GB', priceMinor: 320 },
      { country: 'SG', priceMinor: 240 },
      { country: 'US', priceMinor: 60 },
    ],
    subaccounts: [
      { name: 'AcmeNorth', email: 'north@acme-retail.example', country: 'IN', creditType: 'assigned', status: 'active', creditMinor: 2_000_00 },
      {
        name: 'AcmeSouth',
        email: 'south@acme-retail.example',
        country: 'IN',
        creditType: 'assigned',
        status: 'active',
        creditMinor: 500_00,
        lowBalance: { thresholdMinor: 100_00, emails: ['south-lead@acme-retail.example', 'finance@acme-retail.example'] },
      },
      { name: 'AcmeWest', email: 'west@acme-retail.example', country: 'IN', creditType: 'assigned', status: 'suspended', creditMinor: 50_00 },
    ],
  },
  {
    name: 'Globex Corporation',
    email: 'billing@globex.example',
    country: 'US',
    currency: 'USD',
    billing: 'postpaid',
    monthlyLimitMinor: 5_000_00,
    enterpriseDomain: 'globex.example',
    rateCard: [
      { country: 'US', priceMinor: 1 },
      { country: 'CA', priceMinor: 1 },
      { country: 'GB', priceMinor: 4 },
      { country: 'DE', priceMinor: 9 },
      { country: 'IN', priceMinor: 1 },
    ],
    subaccounts: [
      { name: 'GlobexEurope', email: 'europe@globex.example', country: 'DE', creditType: 'shared', status: 'active', monthlyLimitMinor: 1_000_00 },
      { name: 'GlobexAmericas', email: 'americas@globex.example', country: 'US', creditType: 'assigned', status: 'active', creditMinor: 300_00 },
      { name: 'GlobexAsia', email: 'asia@globex.example', country: 'IN', creditType: 'shared', status: 'invited', monthlyLimitMinor: 200_00 },
    ],
  },
];

/** Seeds once: a database that already has accounts keeps its SIDs and keys. */
export function seedIfEmpty(store: SandboxStore, now: number): void {
  store.transaction(() => {
    if (store.accounts.countAll() > 0) return;
    seedPlan.forEach((plan, order) => seedParent(store, plan, order, now));
  });
}

function seedParent(store: SandboxStore, plan: ParentSeed, order: number, now: number): void {
  const parentSid = newParentSid(plan.country);
  const parent: NewAccount = {
    sid: parentSid,
    parentSid: null,
    apiKey: newApiKey(),
    name: plan.name,
    email: plan.email,
    billing: plan.billing,
    creditType: null,
    status: 'active',
    countryIsoCode: plan.country,
    currency: plan.currency,
    enterpriseDomain: plan.enterpriseDomain ?? null,
    channels: ['sms'],
    monthlyLimitMinor: plan.monthlyLimitMinor ?? null,
    lowBalanceAlert: false,
    lowBalanceAlertMinor: null,
    lowBalanceAlertEmails: [],
    seedOrder: order,
    createdAt: now,
  };
  store.accounts.insert(parent);
  if (plan.openingBalanceMinor !== undefined) {
    store.ledger.post({
      accountSid: parentSid,
      kind: 'opening_balance',
      amountMinor: plan.openingBalanceMinor,
      period: utcPeriod(now),
      counterpartySid: null,
      reference: 'seed',
      createdAt: now,
    });
  }
  for (const entry of completeRateCard(plan.rateCard, plan.currency)) store.rateCard.upsert(parentSid, entry);
  for (const sub of plan.subaccounts) {
    const number = store.accounts.nextSubaccountNumber(parentSid, now);
    const sid = `${parentSid}_${number}`;
    store.accounts.insert({
      sid,
      parentSid,
      apiKey: newApiKey(),
      name: sub.name,
      email: sub.email,
      billing: null,
      creditType: sub.creditType,
      status: sub.status,
      countryIsoCode: sub.country,
      currency: plan.currency,
      enterpriseDomain: null,
      channels: ['sms'],
      monthlyLimitMinor: sub.monthlyLimitMinor ?? null,
      lowBalanceAlert: sub.lowBalance !== undefined,
      lowBalanceAlertMinor: sub.lowBalance?.thresholdMinor ?? null,
      lowBalanceAlertEmails: sub.lowBalance?.emails ?? [],
      seedOrder: number,
      createdAt: now,
    });
    if (sub.creditMinor !== undefined) {
      const parentRow = store.accounts.findBySid(parentSid);
      const subRow = store.accounts.findBySid(sid);
      if (parentRow && subRow) transferToSubaccount(store, parentRow, subRow, sub.creditMinor, 'allocation', now);
    }
  }
}
