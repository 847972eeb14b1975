import type { Page } from '@playwright/test';
import { expect, test } from './support/desk-test';
import { SHIPPED_OPT_OUT_TEXTS } from '../../shared/opt-out-text';
import { importAudience, openNewCampaign, switchToRegionalTeam, writeEnglishMessage, sendNowAsTransactional } from './support/regional-team';

/** A CRM export: Hindi and English speakers in India, one in London, a blank name, a long one. */
const PEOPLE = [
  { phone: '+919810000011', name: 'Asha', language: 'hi', zone: 'Asia/Kolkata' },
  { phone: '+919810000012', name: 'Ravi', language: 'hi', zone: 'Asia/Kolkata' },
  { phone: '+919810000013', name: '', language: 'en', zone: 'Asia/Kolkata' },
  { phone: '+919810000014', name: 'Venkataraghavan Subramanian', language: 'en', zone: 'Asia/Kolkata' },
  { phone: '+447400123457', name: 'Clare', language: 'en-GB', zone: 'Europe/London' },
];
const CSV = ['Phone,First Name,Language,Time zone', ...PEOPLE.map((p) => `${p.phone},${p.name},${p.language},${p.zone}`), ''].join('\r\n');
const ENGLISH_BODY = 'Hi {{name|there}}, your winter offer is ready';
/** What each recipient receives from the English variant, computed here from the data, not by the app. */
const englishTextOf = (person: (typeof PEOPLE)[number]) => `Hi ${person.name.trim() ? person.name : 'there'}, your winter offer is ready`;
const sortedLengths = (people: typeof PEOPLE) => people.map((person) => englishTextOf(person).length).sort((a, b) => a - b);

const selectedTab = (page: Page) => page.getByRole('tablist', { name: 'Campaign steps' }).getByRole('tab', { selected: true });
const saved = (page: Page) => expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');

test('a new user: tabs open where the work is, the counter counts rendered text, Hindi gets one Unicode note and Hindi opt-out text', async ({
  page,
  desk,
}) => {
  test.setTimeout(120_000);
  await desk.open();
  await switchToRegionalTeam(page);
  await importAudience(page, { name: 'Diwali list', fileName: 'crm-export.csv', csv: CSV, valid: PEOPLE.length });

  // A new draft opens on Message.
  await openNewCampaign(page, 'Diwali offer');
  await expect(selectedTab(page)).toHaveText('Message');
  await page.getByLabel('Audience').selectOption({ label: 'Diwali list (5)' });
  await page.getByLabel('Sender ID').fill('ACMERT');
  await page.getByLabel('Language of a new variant').fill('en');
  await page.keyboard.press('Enter');
  const english = page.getByTestId('variant').first();
  await english.getByLabel('en message').fill(ENGLISH_BODY);

  // The counter counts what people receive, never "{{name|there}}": with one variant, everyone gets it.
  const everyone = sortedLengths(PEOPLE);
  const typical = everyone[Math.floor((everyone.length - 1) / 2)] ?? 0;
  await expect(english.getByTestId('counter-shortest')).toHaveText(`${everyone[0]} characters, 1 segment`);
  await expect(english.getByTestId('counter-longest')).toHaveText(`${everyone.at(-1)} characters, 1 segment`);
  await expect(english.getByTestId('counter-characters')).toHaveText(`${typical} characters`);
  await expect(english.getByTestId('counter-left')).toHaveText(`${160 - typical} left in this segment`);
  expect(ENGLISH_BODY.length).not.toBe(typical);

  // Hindi: one sentence about Unicode, no letter-by-letter list, no replacement buttons.
  await page.getByLabel('Language of a new variant').fill('hi');
  await page.getByRole('button', { name: 'Add variant' }).click();
  const hindi = page.getByTestId('variant').nth(1);
  await hindi.getByLabel('hi message').fill('नमस्ते {{name|ग्राहक}}, दिवाली पर 20% छूट — आज ही');
  await expect(hindi.getByTestId('counter-encoding')).toHaveText('UCS-2');
  await expect(hindi.getByTestId('unicode-language')).toContainText('70 characters per segment, 67 per part');
  await expect(hindi.getByTestId('non-gsm')).toHaveCount(0);
  await expect(hindi.getByRole('button', { name: /^Replace/ })).toHaveCount(0);
  // Hindi speakers now get the Hindi variant: the English counter covers the other three only.
  const englishOnly = sortedLengths(PEOPLE.filter((person) => person.language !== 'hi'));
  await expect(english.getByTestId('counter-shortest')).toHaveText(`${englishOnly[0]} characters, 1 segment`);
  await expect(english.getByTestId('counter-range')).toContainText('across the 3 recipients who receive this variant');

  // Opt-out text follows the variant's language.
  await hindi.getByRole('button', { name: 'Add opt-out text' }).click();
  await expect(hindi.getByLabel('hi message')).toHaveValue(`नमस्ते {{name|ग्राहक}}, दिवाली पर 20% छूट — आज ही ${SHIPPED_OPT_OUT_TEXTS['hi']}`);
  await english.getByRole('button', { name: 'Add opt-out text' }).click();
  await expect(english.getByLabel('en message')).toHaveValue(`${ENGLISH_BODY} Reply STOP to opt out`);

  // The Hindi text can be reworded for this profile; one without STOP is refused with the reason.
  await hindi.getByRole('button', { name: 'Edit the hi opt-out text' }).click();
  await hindi.getByLabel('Opt-out text (hi)').fill('कृपया जवाब दें');
  await hindi.getByRole('button', { name: 'Save for this profile' }).click();
  await expect(hindi.getByRole('alert')).toContainText('STOP');
  const reworded = 'संदेश बंद करने के लिए STOP लिखें';
  await hindi.getByLabel('Opt-out text (hi)').fill(reworded);
  await hindi.getByRole('button', { name: 'Save for this profile' }).click();
  await expect(hindi.getByTestId('opt-out-text')).toContainText(reworded);
  await saved(page);

  // An existing draft opens on the first step that needs attention: here, Schedule (no time yet).
  await page.getByRole('button', { name: '← All campaigns' }).click();
  await page.getByRole('button', { name: 'Diwali offer', exact: true }).click();
  await expect(selectedTab(page)).toHaveText('Schedule');

  // Having looked at "Budget and launch", a new draft still opens on Message.
  await page.getByRole('tab', { name: 'Budget and launch' }).click();
  await page.getByRole('button', { name: '← All campaigns' }).click();
  await openNewCampaign(page, 'Second draft');
  await expect(selectedTab(page)).toHaveText('Message');

  // The reworded Hindi text is kept for the profile: after a reload it is what a Hindi variant gets.
  await page.reload();
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Campaigns' }).click();
  await page.getByRole('button', { name: 'Second draft', exact: true }).click();
  await expect(selectedTab(page)).toHaveText('Message');
  await page.getByLabel('Language of a new variant').fill('hi');
  await page.keyboard.press('Enter');
  const second = page.getByTestId('variant').first();
  await second.getByLabel('hi message').fill('शुभ दीपावली');
  await second.getByRole('button', { name: 'Add opt-out text' }).click();
  await expect(second.getByLabel('hi message')).toHaveValue(`शुभ दीपावली ${reworded}`);
});

test.describe('a user in India', () => {
  test.use({ timezoneId: 'Asia/Kolkata' });

  test('sees one funds time on the budget panel and the monitor in their own time, zone named, UTC only in tooltips', async ({ page, desk }) => {
    test.setTimeout(120_000);
    await desk.open();
    await switchToRegionalTeam(page);
    await importAudience(page, { name: 'Diwali list', fileName: 'crm-export.csv', csv: CSV, valid: PEOPLE.length });
    await openNewCampaign(page, 'Now for everyone');
    await writeEnglishMessage(page, { audienceLabel: 'Diwali list (5)', body: 'Hi {{name|there}}, doors open now' });
    await sendNowAsTransactional(page);

    // One truthful time: when the funds were read, in the user's zone; no "just now" beside another time.
    await page.getByRole('tab', { name: 'Budget and launch' }).click();
    const panel = page.getByTestId('budget-panel');
    await expect(panel.getByTestId('funds-read-at')).toContainText(/Funds read at .*GMT\+5:30/);
    await expect(panel).not.toContainText('just now');
    await expect(panel).not.toContainText('(read ');

    await page.getByRole('button', { name: 'Review and launch…' }).click();
    await expect(page.getByTestId('launch-dialog').getByTestId('confirm-first')).toContainText('GMT+5:30 your time');
    await page.getByTestId('launch-dialog').getByRole('button', { name: 'Launch to 5 recipients' }).click();
    const monitor = page.getByTestId('monitor');
    await expect(monitor).toBeVisible();
    await expect(page.getByTestId('launched-at')).toContainText('GMT+5:30');
    // Chromium names the emulated zone by either of its IANA names.
    await expect(monitor.getByRole('columnheader', { name: /^Your time \(Asia\/(Kolkata|Calcutta)\)$/ })).toBeVisible();
    await expect(monitor.getByRole('columnheader', { name: 'Wave (recipients’ local time)' })).toBeVisible();
    const yourTimes = monitor.getByTestId('wave-your-time');
    await expect(yourTimes.first()).toContainText('GMT+5:30');
    // The London wave is labelled with its recipients' local time and shown in the user's time.
    await expect(monitor.getByTestId('progress-wave').filter({ hasText: 'Europe/London' })).toContainText('local');
    await expect(yourTimes.first().locator('time')).toHaveAttribute('title', /UTC$/);
    // UTC appears nowhere on screen, only in tooltips (title attributes, the charts' SVG titles).
    const visible = await monitor.evaluate((element) => {
      const clone = element.cloneNode(true) as HTMLElement;
      Array.from(clone.querySelectorAll('title')).forEach((title) => title.remove());
      return clone.textContent ?? '';
    });
    expect(visible).not.toContain('UTC');
  });
});
