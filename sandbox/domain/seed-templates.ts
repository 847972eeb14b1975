import type { DltCategory } from '../../shared/dlt/categories';
import type { SandboxStore } from '../store/sandbox-store';
import type { StoredTemplate } from '../store/templates-repository';

/** The demo sub-account whose DLT registration and templates are seeded. */
export const TEMPLATE_SEED_ACCOUNT = { parent: 'Acme Retail', subaccount: 'AcmeNorth' } as const;

/** AcmeNorth's DLT headers: one per category it sends in. */
export const SEEDED_DLT_HEADERS: ReadonlyArray<{ header: string; category: DltCategory }> = [
  { header: '567890', category: 'promotional' },
  { header: 'ACMENR', category: 'transactional' },
  { header: 'ACMEIN', category: 'service_implicit' },
  { header: 'ACMEIN', category: 'service_explicit' },
];

/** AcmeNorth's stored templates, registered on DLT under the headers above. */
export const SEEDED_TEMPLATES: readonly StoredTemplate[] = [
  {
    templateId: '1107161234567890001',
    text: 'Hi {#var#}, the Acme festive sale is on: {#var#} off in store and online till Sunday. Reply STOP to opt out.',
    header: '567890',
    category: 'promotional',
  },
  {
    templateId: '1107161234567890002',
    text: 'Dear {#var#}, your Acme order {#var#} has shipped and arrives by {#var#}.',
    header: 'ACMENR',
    category: 'transactional',
  },
  {
    templateId: '1107161234567890003',
    text: 'Your Acme login code is {#var#}. It expires in 10 minutes. Do not share it.',
    header: 'ACMEIN',
    category: 'service_implicit',
  },
  {
    templateId: '1107161234567890004',
    text: 'प्रिय {#var#}, आपका Acme ऑर्डर {#var#} भेज दिया गया है।',
    header: 'ACMENR',
    category: 'transactional',
  },
];

/**
 * Seeds the demo sub-account's DLT headers and templates once (also into a data folder seeded
 * before templates existed). Scrubbing stays off: it is turned on per account by the admin route.
 */
export function seedTemplatesIfMissing(store: SandboxStore): void {
  store.transaction(() => {
    const parent = store.accounts.listParents().find((account) => account.name === TEMPLATE_SEED_ACCOUNT.parent);
    const sub = parent && store.accounts.listSubaccounts(parent.sid).find((account) => account.name === TEMPLATE_SEED_ACCOUNT.subaccount);
    if (!sub || store.templates.list(sub.sid).length > 0) return;
    for (const { header, category } of SEEDED_DLT_HEADERS) store.templates.addHeader(sub.sid, header, category);
    for (const template of SEEDED_TEMPLATES) store.templates.upsert(sub.sid, template);
  });
}
