import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './support/desk-test';
import { importAudience } from './support/regional-team';
import { addRemoteProfileAndSwitch } from './support/remote-profile';
import { screenshot } from './support/screenshots';
import { prepaidParentOf, subaccountOf } from './support/standalone-sandbox';

const ENTITY = '1101456789012345678';
const FESTIVE = '1107161234567890001';
/**
 * The team's registration as a Vilpower-style portal exports it: semicolons, a BOM, its own column
 * names, {#VAR#} and {# var #} spellings, a rejected row and an ID a spreadsheet shortened.
 */
const PORTAL_EXPORT = [
  '\uFEFFPE ID;Content Template ID;Template Name;Content Type;Header;Template Message;Template Status;Created Date',
  `${ENTITY};${FESTIVE};Festive sale;Promotional;567890;` +
    `"Hi {#VAR#}, the Acme festive sale is on: {# var #} off in store and online till Sunday. Reply STOP to opt out.";Approved;12-03-2025`,
  `${ENTITY};1107161234567890002;Order shipped;Transactional;ACMENR;` +
    `"Dear {#var#}, your Acme order {#var#} has shipped and arrives by {#var#}.";APPROVED;12-03-2025`,
  `${ENTITY};1107161234567890003;Login code;Service-Implicit;ACMEIN;` +
    `Your Acme login code is {#var#}. It expires in 10 minutes. Do not share it.;Approved;14-03-2025`,
  `${ENTITY};1107161234567899999;Old promo;Promotional;567890;Old sale {#var#};Rejected;01-01-2025`,
  `${ENTITY};1.10716E+18;Broken;Transactional;ACMENR;Dear {#var#};Approved;01-01-2025`,
].join('\r\n');

/** A CRM export: Indian numbers in several formats (one on the do-not-disturb registry) and one US customer. */
const CUSTOMERS = [
  'Mobile,Name,first_name,discount,Time zone',
  '+91 98123 00015,Asha Rao,Asha,20%,Asia/Kolkata',
  '+91-98123-00025,Ravi Kumar,Ravi,₹500,Asia/Kolkata',
  '+919812300035,Venkatanarasimharajuvaripeta Subrahmanyam,Venkat,15%,Asia/Kolkata',
  '+91 9812300045,Meera Nair,Meera,20%,Asia/Kolkata',
  '+91 98123 49995,Imran Shaikh,Imran,10%,Asia/Kolkata',
  '+1 212 555 0105,John Miller,John,20%,America/New_York',
].join('\r\n');
const INDIAN = 5;

/** No serious or critical axe violation where the DLT check shows its failures (colour contrast of the marks included). */
async function expectAccessible(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const blocking = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(
    blocking.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`),
    where,
  ).toEqual([]);
}

const BODY = 'Hi {{first_name|there}}, the Acme festive sale is on: {{discount}} off in store and online till Sunday. Reply STOP to opt out.';

test('an Indian promotional campaign: registry imported, template chosen, a broken variant refused at launch, fixed, launched and scrubbed', async ({
  page,
  desk,
}) => {
  test.setTimeout(180_000);
  const remote = await desk.startSandbox();
  const north = subaccountOf(prepaidParentOf(remote), 'AcmeNorth');
  // The operators' DLT scrubbing, on for this account (the sandbox's own switch, not an API of Kaleyra's).
  const scrubbing = await fetch(`${remote.url}/__sandbox/accounts/${north.sid}/dlt`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', 'x-sandbox-admin-token': remote.adminToken },
    body: JSON.stringify({ scrubbing: true }),
  });
  expect(scrubbing.ok).toBe(true);

  await desk.open();
  const nav = page.getByRole('navigation', { name: 'Sections' });
  await addRemoteProfileAndSwitch(page, {
    profileName: 'Acme North India',
    menuLabel: 'Acme North India (sub-account)',
    baseUrl: remote.url,
    sid: north.sid,
    apiKey: north.apiKey,
  });

  // The registry, from the portal's messy export.
  await nav.getByRole('button', { name: 'DLT (India)' }).click();
  await page.locator('input[type="file"]').setInputFiles({ name: 'vilpower-templates.csv', mimeType: 'text/csv', buffer: Buffer.from(PORTAL_EXPORT, 'utf8') });
  await expect(page.getByTestId('dlt-import-report')).toContainText('3 added, 0 updated, 1 skipped, 1 refused.');
  await expect(page.getByLabel('Entity ID (PE ID)')).toHaveValue(ENTITY);

  await importAudience(page, { name: 'Festive India', fileName: 'crm-export.csv', csv: CUSTOMERS, valid: CUSTOMERS.split('\r\n').length - 1 });

  // The campaign: promotional, header 567890, the festive template for the English variant.
  await nav.getByRole('button', { name: 'Campaigns' }).click();
  await page
    .getByRole('button', { name: /New campaign|Draft your first campaign/ })
    .first()
    .click();
  await page.getByLabel('Campaign name').fill('Festive sale India');
  await page.keyboard.press('Enter');
  await page.getByLabel('Audience').selectOption({ label: 'Festive India (6)' });
  await page.getByLabel('Sender ID').fill('567890');
  await page.getByRole('radio', { name: /^Promotional/ }).check();
  await page.getByLabel('Language of a new variant').fill('en');
  await page.keyboard.press('Enter');
  const variant = page.getByTestId('variant').first();
  await variant.getByLabel('en message').fill(BODY);
  // Keyboard only: the template list is an ordinary select (first entry after "No template chosen").
  await variant.getByLabel('DLT template for Indian numbers').focus();
  await page.keyboard.press('ArrowDown');
  await expect(variant.getByLabel('DLT template for Indian numbers')).toHaveValue(FESTIVE);
  await expect(variant.getByTestId('dlt-template-text')).toContainText('the Acme festive sale is on: {#var#} off');
  await expect(variant.getByTestId('dlt-match-audience')).toContainText(`all ${INDIAN} Indian recipients of this variant pass the DLT check`);

  // Edited until it no longer matches: the live check says so, marks the words and names the recipients.
  await variant.getByLabel('en message').fill(BODY.replace('festive sale', 'big festive sale'));
  await expect(variant.getByTestId('dlt-match-sample')).toContainText(`Does not match template ${FESTIVE}`);
  await expect(variant.getByTestId('dlt-check-highlight').first().locator('mark')).toHaveText(['big ']);
  await expect(variant.getByTestId('dlt-match')).toContainText('" big" is not in the registered text.');
  await expect(variant.getByTestId('dlt-failure')).toHaveCount(1);
  await expect(variant.getByTestId('dlt-match-audience')).toContainText(`${INDIAN} of ${INDIAN} Indian recipients of this variant would be dropped`);
  await expect(variant.getByTestId('dlt-failure').first()).toContainText('+919812300015');
  await expectAccessible(page, 'message step with DLT failures');
  await screenshot(page, 'dlt-1-check-fails');

  // At a local time (tomorrow 10:00 in each zone, inside India's promotional hours).
  await page.getByRole('tab', { name: 'Schedule' }).click();
  await page.getByRole('radio', { name: /^At a local time/ }).check();
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  await page.getByRole('tab', { name: 'Budget and launch' }).click();
  await page.getByRole('button', { name: 'Review and launch…' }).click();
  const dialog = page.getByTestId('launch-dialog');
  await expect(dialog.getByTestId('confirm-dlt')).toContainText(`${INDIAN} of ${INDIAN} Indian recipients would be dropped`);
  await dialog.getByRole('button', { name: 'Launch to 6 recipients' }).click();
  const refusal = dialog.getByRole('alert');
  await expect(refusal).toContainText(`DLT: ${INDIAN} of ${INDIAN} Indian recipients would be dropped by the operators, so nothing was sent.`);
  await expect(refusal).toContainText(`does not match template ${FESTIVE}`);
  await expect(refusal).toContainText('+919812300015');
  await expectAccessible(page, 'launch refused on DLT grounds');
  await screenshot(page, 'dlt-2-launch-refused');
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // Fixed, checked again, launched.
  await page.getByRole('tab', { name: 'Message' }).click();
  await variant.getByLabel('en message').fill(BODY);
  await expect(variant.getByTestId('dlt-match-audience')).toContainText(`all ${INDIAN} Indian recipients of this variant pass the DLT check`);
  await page.getByRole('tab', { name: 'Budget and launch' }).click();
  await page.getByRole('button', { name: 'Review and launch…' }).click();
  await expect(dialog.getByTestId('confirm-dlt')).toContainText(`All ${INDIAN} Indian recipients pass`);
  await dialog.getByRole('button', { name: 'Launch to 6 recipients' }).click();

  // The monitor: the number on the do-not-disturb registry was scrubbed, with the operators' reason.
  const scrubbed = page.getByTestId('undelivered-reason').filter({ hasText: 'DND-NUMB' });
  await expect(scrubbed).toContainText('On the do-not-disturb registry (promotional)', { timeout: 60_000 });
  await expect(scrubbed.locator('td').last()).toHaveText('1');
  await expect(page.getByTestId('monitor-not-sent').locator('dd')).toHaveText('1');
  await screenshot(page, 'dlt-3-monitor-scrubbed');
});
