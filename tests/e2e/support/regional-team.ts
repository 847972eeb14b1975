import { expect, type Page } from '@playwright/test';

/** Steps of a regional team's path through the UI, shared by the specs that need a campaign to exist. */

/** A regional team's CRM export: India, the UK and the US (₹0.25 + ₹3.20 + ₹0.60 per SMS on Acme's rate card = ₹4.05). */
export const THREE_COUNTRY_CSV = [
  'Phone,First Name,Language,Time zone',
  '+919810000021,Asha,hi,Asia/Kolkata',
  '+447400123458,Clare,en,Europe/London',
  '+12125550101,Bob,en,America/New_York',
  '',
].join('\r\n');

/** A section's button in the app's navigation (Campaigns, Audiences, Approvals…). */
export const sectionButton = (page: Page, name: string) => page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name, exact: true });

export async function switchToRegionalTeam(page: Page): Promise<void> {
  await page.getByRole('combobox', { name: 'Profile', exact: true }).selectOption('sandbox-sub');
  await expect(page.getByTestId('active-profile')).toContainText('AcmeNorth');
}

/** Imports a CSV (lines joined with CRLF) as a new audience and waits for its report. */
export async function importAudience(page: Page, options: { name: string; fileName: string; csv: string; valid: number }): Promise<void> {
  await importAudienceWith(page, 'Import your first audience', options);
}

/** The same, when the profile already has audiences (the header's button). */
export async function importAnotherAudience(page: Page, options: { name: string; fileName: string; csv: string; valid: number }): Promise<void> {
  await importAudienceWith(page, 'Import audience…', options);
}

async function importAudienceWith(page: Page, button: string, options: { name: string; fileName: string; csv: string; valid: number }): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Audiences' }).click();
  await page.getByRole('button', { name: button }).click();
  await page.getByLabel('Choose a file…').setInputFiles({ name: options.fileName, mimeType: 'text/csv', buffer: Buffer.from(options.csv) });
  await expect(page.getByLabel('Use of Time zone')).toHaveValue('zone');
  await page.getByLabel('Audience name').fill(options.name);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByTestId('audience-report').first().getByTestId('count-valid')).toContainText(String(options.valid));
  await page.getByRole('button', { name: 'Done' }).click();
}

/** On an open draft: picks the audience, sender ACMERT and one English variant with this body. */
export async function writeEnglishMessage(page: Page, options: { audienceLabel: string; body: string }): Promise<void> {
  await page.getByLabel('Audience').selectOption({ label: options.audienceLabel });
  await page.getByLabel('Sender ID').fill('ACMERT');
  await page.getByLabel('Language of a new variant').fill('en');
  await page.keyboard.press('Enter');
  await page.getByTestId('variant').first().getByLabel('en message').fill(options.body);
}

/** From any screen: Campaigns, then a new draft named `name`; resolves once its editor shows it. */
export async function openNewCampaign(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Campaigns' }).click();
  await page.getByRole('button', { name: 'New campaign' }).click();
  await page.getByLabel('Campaign name').fill(name);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
}

/** Drafts a one-variant English transactional campaign that sends now, without quiet hours, and launches it. */
export async function launchCampaignNow(page: Page, options: { name: string; audienceLabel: string; body: string; recipients: number }): Promise<void> {
  await openNewCampaign(page, options.name);
  await writeEnglishMessage(page, options);
  await sendNowAsTransactional(page);
  await page.getByRole('tab', { name: 'Budget and launch' }).click();
  await page.getByRole('button', { name: 'Review and launch…' }).click();
  await page
    .getByTestId('launch-dialog')
    .getByRole('button', { name: `Launch to ${options.recipients} recipients` })
    .click();
}

/**
 * From the Message step: makes the draft transactional and sends it now without quiet hours (only
 * a transactional message may go at any hour), then waits until the draft is saved.
 */
export async function sendNowAsTransactional(page: Page): Promise<void> {
  await page.getByRole('radio', { name: /^Transactional/ }).check();
  await page.getByRole('tab', { name: 'Schedule' }).click();
  await page.getByRole('radio', { name: /^Now/ }).check();
  await page.getByRole('radio', { name: /No quiet hours/ }).check();
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
}
