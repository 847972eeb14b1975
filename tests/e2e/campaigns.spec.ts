import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './support/desk-test';
import { DateTime } from 'luxon';
import {
  importAudience as importAudienceFromCsv,
  openNewCampaign,
  writeEnglishMessage,
  sendNowAsTransactional,
  switchToRegionalTeam,
} from './support/regional-team';
import { addRemoteProfileAndSwitch } from './support/remote-profile';
import { keepDownload } from './support/downloads';
import { screenshot } from './support/screenshots';

const shot = (page: Page, name: string) => screenshot(page, `campaign-${name}`);

/** Five zones, one of them :30 (India), with a bad row and a duplicate. */
const AUDIENCE_CSV = [
  'Phone,First Name,Language,Time zone',
  '+919810000001,Asha,hi,Asia/Kolkata',
  '+919810000002,Ravi,hi,Asia/Kolkata',
  '+919810000003,,en,Asia/Kolkata',
  '+12125550100,Bob,en,America/New_York',
  '+447400123456,Clare,en,Europe/London',
  '+6581234567,Dev,en,Asia/Singapore',
  '+971501234567,Eman,en,Asia/Dubai',
  '12,Short,en,',
  '+919810000001,Asha again,hi,Asia/Kolkata',
  '',
].join('\r\n');

const isoDate = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

async function importAudience(page: Page, csv = AUDIENCE_CSV, valid = 7): Promise<void> {
  await importAudienceFromCsv(page, { name: 'Winter sale', fileName: 'winter.csv', csv, valid });
}

const saved = (page: Page) => expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');

test('a regional team drafts a two-language message, schedules it per zone, is refused by the budget, launches and sees deliveries', async ({ page, desk }) => {
  test.setTimeout(120_000);
  await desk.open();
  await switchToRegionalTeam(page);

  // Campaigns is the landing screen of a sub-account, with an empty state.
  await expect(page.getByRole('heading', { name: 'Campaigns', level: 1 })).toBeVisible();
  await expect(page.getByTestId('campaigns-empty')).toBeVisible();
  await shot(page, '0-empty');

  await importAudience(page);
  await openNewCampaign(page, 'Winter sale');

  // --- Message ---------------------------------------------------------------------------
  await expect(page.getByTestId('variants-empty')).toBeVisible();
  await page.getByLabel('Audience').selectOption({ label: 'Winter sale (7)' });
  await page.getByLabel('Sender ID').fill('ACMERT');
  await page.getByLabel('Language of a new variant').fill('en');
  await page.keyboard.press('Enter');
  const english = page.getByTestId('variant').first();
  await english.getByLabel('en message').fill('Hi {{name|there}}, our \u201Cwinter\u201D sale \u2014 20% off today \u{1F389}');
  const counter = english.getByTestId('sms-counter');
  await expect(counter.getByTestId('counter-encoding')).toHaveText('UCS-2');
  const nonGsm = english.getByTestId('non-gsm');
  await expect(nonGsm.getByRole('listitem')).toHaveCount(4);
  await expect(nonGsm).toContainText('no GSM-7 equivalent');
  await shot(page, '1-message-non-gsm');
  // One click replaces the smart quotes and the dash; the emoji has no equivalent and stays.
  await nonGsm.getByRole('button', { name: /Replace all 3/ }).click();
  await expect(english.getByLabel('en message')).toHaveValue('Hi {{name|there}}, our "winter" sale - 20% off today \u{1F389}');
  await expect(nonGsm.getByRole('listitem')).toHaveCount(1);
  await expect(counter.getByTestId('counter-segments')).toHaveText('1 segment');

  await page.getByLabel('Language of a new variant').fill('hi');
  await page.getByRole('button', { name: 'Add variant' }).click();
  const hindi = page.getByTestId('variant').nth(1);
  await hindi.getByLabel('hi message').fill('नमस्ते {{name|ग्राहक}}, आज 20% छूट');
  await expect(hindi.getByTestId('counter-encoding')).toHaveText('UCS-2');
  await expect(english.getByRole('radio', { name: 'Default for other languages' })).toBeChecked();
  await saved(page);

  // The phone shows the message the chosen sample recipient gets, personalised.
  await page.getByLabel('Sample recipient').selectOption({ label: 'Asha · hi · Asia/Kolkata' });
  await expect(page.getByTestId('phone-preview')).toContainText('नमस्ते Asha, आज 20% छूट');
  await page.getByLabel('Sample recipient').selectOption({ index: 2 });
  await expect(page.getByTestId('phone-preview')).toContainText('Hi there, our "winter" sale');
  await shot(page, '2-message');

  // --- Schedule --------------------------------------------------------------------------
  // Keyboard: the step tabs follow the arrow keys.
  await page.getByRole('tab', { name: 'Message' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Schedule' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tab', { name: 'Schedule' })).toBeFocused();

  await page.getByRole('radio', { name: /At a local time in each recipient/ }).check();
  // Yesterday's 10:00 has passed everywhere: nobody can be scheduled until the user decides.
  await page.getByLabel("Date (each recipient's local date)").fill(isoDate(-1));
  await expect(page.getByTestId('unscheduled')).toContainText('7 recipients are not scheduled');
  await page.getByLabel("When a wave's time has already passed").selectOption('send-now');
  await expect(page.getByTestId('wave-row')).toHaveCount(5);
  await expect(page.getByTestId('timeline-wave').and(page.locator('[data-mark="passed"]'))).toHaveCount(5);
  await shot(page, '3-schedule-passed');

  // Tomorrow 07:00 local: before the quiet hours end in India (09:00) and the US (08:00).
  await page.getByLabel("Date (each recipient's local date)").fill(isoDate(1));
  await page.getByLabel('Send time (local)').fill('07:00');
  await expect(page.getByTestId('unscheduled')).toHaveCount(0);
  await expect(page.getByTestId('wave-row')).toHaveCount(5);
  const kolkata = page.getByTestId('wave-row').filter({ hasText: 'Asia/Kolkata' });
  await expect(kolkata).toHaveAttribute('data-mark', 'moved');
  await expect(kolkata).toContainText('Moved by quiet hours');
  await expect(kolkata).toContainText('09:00');
  await expect(page.getByTestId('timeline-wave').and(page.locator('[data-mark="moved"]'))).not.toHaveCount(0);
  await shot(page, '4-schedule-quiet-hours');

  // "What if": three hours later nothing is moved any more, and the difference is spelled out.
  for (let step = 0; step < 3; step++) {
    await page.getByRole('button', { name: '1 hour later' }).click();
    await saved(page);
  }
  await expect(page.getByLabel('Send time (local)')).toHaveValue('10:00');
  await expect(page.getByTestId('wave-row').and(page.locator('[data-mark="moved"]'))).toHaveCount(0);
  await expect(page.getByTestId('what-if')).toContainText('What changed');
  // The last step (09:00 → 10:00) retimed every wave; moving back to 07:00 brings quiet hours back in.
  await expect(page.getByTestId('what-if')).toContainText('5 waves retimed');
  await page.getByLabel('Send time (local)').fill('07:00');
  await saved(page);
  await expect(page.getByTestId('what-if')).toContainText(/moved by quiet hours 0 → [1-5]/);
  // Switching quiet hours off is a new difference, not the previous one left on screen. Only a
  // transactional message may go without quiet hours: the type changes for this check, then back.
  await page.getByRole('tab', { name: 'Message' }).click();
  await page.getByRole('radio', { name: /^Transactional/ }).check();
  await saved(page);
  await page.getByRole('tab', { name: 'Schedule' }).click();
  await page.getByRole('radio', { name: /No quiet hours/ }).check();
  await saved(page);
  await expect(page.getByTestId('what-if')).toContainText(/moved by quiet hours [1-5] → 0/);
  await page.getByRole('radio', { name: /Per-country rules/ }).check();
  await saved(page);
  await page.getByRole('tab', { name: 'Message' }).click();
  await page.getByRole('radio', { name: /^Promotional/ }).check();
  await saved(page);
  await page.getByRole('tab', { name: 'Schedule' }).click();
  await page.getByLabel('Send time (local)').fill('10:00');
  await saved(page);
  await expect(page.getByTestId('wave-row').and(page.locator('[data-mark="moved"]'))).toHaveCount(0);
  await expect(page.getByTestId('wave-timeline')).toBeVisible();
  await expect(page.getByTestId('timeline-wave')).toHaveCount(5);
  await expect(page.getByTestId('budget-panel')).toHaveAttribute('data-fits', 'true');
  await shot(page, '5-schedule-timeline');

  // With a plan, the preview also prices the sample recipient's message from the rate card.
  await page.getByRole('tab', { name: 'Message' }).click();
  await page.getByLabel('Sample recipient').selectOption({ label: 'Asha · hi · Asia/Kolkata' });
  await expect(page.getByTestId('phone-preview')).toContainText('1 × 0.25 = ₹0.25');

  // --- Budget and launch -----------------------------------------------------------------
  await page.getByRole('tab', { name: 'Budget and launch' }).click();
  await page.getByLabel('Campaign budget (INR, optional)').fill('1');
  const panel = page.getByTestId('budget-panel').last();
  await expect(panel).toHaveAttribute('data-fits', 'false');
  await expect(panel.getByTestId('budget-available')).toContainText('₹1.00');
  await expect(panel.getByTestId('budget-available')).toContainText("campaign's own budget");
  await expect(panel.getByTestId('budget-cuts')).toBeVisible();
  const launchButton = page.getByRole('button', { name: 'Review and launch…' });
  await expect(launchButton).toBeDisabled();
  await expect(page.locator('#launch-reason')).toContainText('It does not fit');
  await shot(page, '6-budget-refused');

  // Shrink the plan to what fits: send now to everybody, without quiet hours, and lift the cap.
  await page.getByLabel('Campaign budget (INR, optional)').fill('50');
  await expect(panel).toHaveAttribute('data-fits', 'true');
  await page.getByRole('tab', { name: 'Schedule' }).click();
  // A promotional campaign cannot go without quiet hours: the choice is there, disabled, with the law's hours named.
  await expect(page.getByRole('radio', { name: /No quiet hours/ })).toBeDisabled();
  await expect(page.getByTestId('quiet-hours-legal')).toContainText('India 09:00–21:00');
  await page.getByRole('tab', { name: 'Message' }).click();
  await sendNowAsTransactional(page);
  await expect(page.getByTestId('wave-row')).toHaveCount(5);
  await page.getByRole('tab', { name: 'Budget and launch' }).click();
  await expect(launchButton).toBeEnabled();

  // Esc closes the confirmation without launching; the numbers are exact.
  await launchButton.click();
  const dialog = page.getByTestId('launch-dialog');
  await expect(dialog.getByTestId('confirm-recipients')).toHaveText('7');
  await expect(dialog.getByTestId('confirm-units')).not.toHaveText('0');
  await expect(dialog.getByTestId('confirm-cost')).toContainText('₹');
  // The user's own time with the zone named; UTC only in the tooltip.
  await expect(dialog.getByTestId('confirm-first')).toContainText('your time');
  await expect(dialog.getByTestId('confirm-first')).toHaveAttribute('title', /UTC$/);
  await expect(dialog.getByTestId('confirm-last')).toContainText('your time');
  await expect(dialog.getByTestId('confirm-send-hours')).toContainText('any time (no quiet hours: transactional messages only)');
  await shot(page, '7-confirm');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('campaign-status')).toHaveText('draft');

  await launchButton.click();
  await dialog.getByRole('button', { name: 'Launch to 7 recipients' }).click();
  await expect(page.getByTestId('monitor')).toBeVisible();
  await expect(page.getByTestId('monitor-recipients')).toContainText('7');
  await expect(page.getByTestId('progress-wave')).toHaveCount(5);

  // Deliveries and spend arrive from the sandbox.
  await expect(async () => {
    await page.getByRole('button', { name: 'Check delivery now' }).click();
    await expect(page.getByTestId('monitor-delivered').locator('dd')).not.toHaveText('0', { timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByTestId('spend-actual')).not.toHaveText('₹0.00');
  await expect(page.getByTestId('wave-chart')).toBeVisible();
  // The chart over time is read from the store and catches up with the counts within seconds.
  await expect(async () => {
    const delivered = await page.getByTestId('monitor-delivered').locator('dd').innerText();
    await expect(page.getByTestId('timeline-summary')).toContainText(`, ${delivered} delivered,`, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await shot(page, '8-monitor');
  // The monitor names who the campaign left out, with why.
  await expect(page.getByTestId('monitor-left-out').locator('li[data-reason="invalid"]')).toHaveAttribute('data-count', '1');
  await expect(page.getByTestId('monitor-left-out').locator('li[data-reason="duplicate"]')).toHaveAttribute('data-count', '1');
  // One line per row of the file: the 7 recipients, then the invalid and the duplicate row, left out
  // with why. A phone (only + and digits) is left as it is, not prefixed with an apostrophe.
  const [results] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export results (CSV)' }).click()]);
  const resultLines = readFileSync(await keepDownload(results), 'utf8')
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');
  expect(resultLines[0]).toBe('phone,wave,variant,status,trace_reason,charged_INR');
  expect(resultLines).toHaveLength(10);
  const exportedPhones = resultLines.slice(1, 8).map((line) => line.split(',')[0]);
  const audiencePhones = [
    ...new Set(
      AUDIENCE_CSV.split('\r\n')
        .slice(1)
        .map((line) => line.split(',')[0] ?? '')
        .filter((phone) => /^\+\d{8,15}$/.test(phone)),
    ),
  ];
  expect(exportedPhones.sort()).toEqual(audiencePhones.sort());
  expect(resultLines.slice(8)).toEqual(['12,,,Left out,invalid number in the file,', '+919810000001,,,Left out,duplicate of an earlier row,']);

  await page.getByRole('button', { name: '← All campaigns' }).click();
  await expect(page.getByTestId('campaign-row')).toHaveCount(1);
  await expect(page.getByTestId('campaign-row')).not.toContainText('draft');
});

test('drafting keeps working offline while the launch is disabled with the reason', async ({ page, desk }) => {
  test.setTimeout(90_000);
  const remote = await desk.startSandbox();
  const parent = remote.accounts.find((account) => account.billing === 'prepaid')!;
  await desk.open();
  await addRemoteProfileAndSwitch(page, {
    profileName: 'Acme remote',
    menuLabel: 'Acme remote (parent)',
    baseUrl: remote.url,
    sid: parent.sid,
    apiKey: parent.apiKey,
  });

  await importAudience(page);
  await openNewCampaign(page, 'Offline draft');
  await writeEnglishMessage(page, { audienceLabel: 'Winter sale (7)', body: 'Winter sale: 20% off today.' });
  await sendNowAsTransactional(page);
  await page.getByRole('tab', { name: 'Budget and launch' }).click();
  const launchButton = page.getByRole('button', { name: 'Review and launch…' });
  await expect(launchButton).toBeEnabled();

  // The API goes away: the draft still saves, the launch says why it cannot happen.
  await remote.stop();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline');
  await page.getByLabel('Campaign budget (INR, optional)').fill('100');
  await saved(page);
  await expect(launchButton).toBeDisabled();
  await expect(page.locator('#launch-reason')).toContainText('You are offline');
  await expect(page.getByTestId('budget-panel').last().getByTestId('launch-blocker')).toContainText('You are offline');
  await shot(page, '9-offline');
});

test('a parent still lands on its sub-accounts; a new draft shows errors on the right field and can be deleted', async ({ page, desk }) => {
  await desk.open();
  await expect(page.getByTestId('subaccount-row').first()).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Sections' });
  await nav.getByRole('button', { name: 'Campaigns' }).click();
  await expect(page.getByTestId('campaigns-empty')).toBeVisible();

  // Keyboard only: the empty state's button opens the name field, Enter creates the draft.
  await page.getByRole('button', { name: 'Draft your first campaign' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Campaign name')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'Give the campaign a name' })).toBeVisible();
  await page.keyboard.type('Keyboard draft');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Keyboard draft', level: 1 })).toBeVisible();

  // A bad sender ID and language code are refused on their own fields, and nothing is saved.
  await page.getByLabel('Sender ID').fill('ACME-RT!');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'invalid');
  await expect(page.getByLabel('Sender ID')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('A sender ID has letters and digits only')).toBeVisible();
  await page.getByLabel('Sender ID').fill('ACMERT');
  await saved(page);
  await page.getByLabel('Language of a new variant').fill('english!');
  await page.getByRole('button', { name: 'Add variant' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Use a language code' })).toBeVisible();
  await expect(page.getByTestId('variant')).toHaveCount(0);

  // The plan explains what is missing; the monitor has an empty state before launch.
  await page.getByRole('tab', { name: 'Schedule' }).click();
  await expect(page.getByTestId('plan-empty')).toContainText('Choose the audience to send to');
  await page.getByRole('tab', { name: 'Monitor' }).click();
  await expect(page.getByTestId('monitor-empty')).toBeVisible();

  await page.getByRole('button', { name: '← All campaigns' }).click();
  await expect(page.getByTestId('campaign-row')).toHaveCount(1);
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Delete Keyboard draft' }).click();
  await expect(page.getByTestId('campaigns-empty')).toBeVisible();
});

test('a scheduled campaign can be paused, resumed and its waves cancelled, with progress per wave', async ({ page, desk }) => {
  test.setTimeout(90_000);
  await desk.open();
  await switchToRegionalTeam(page);
  await importAudience(page);
  await openNewCampaign(page, 'Tomorrow morning');
  await writeEnglishMessage(page, { audienceLabel: 'Winter sale (7)', body: 'Doors open at 10 tomorrow. Reply STOP to opt out' });
  await page.getByRole('tab', { name: 'Schedule' }).click();
  await page.getByRole('radio', { name: /At a local time in each recipient/ }).check();
  await page.getByLabel("Date (each recipient's local date)").fill(isoDate(2));
  await expect(page.getByTestId('wave-row')).toHaveCount(5);
  await saved(page);
  await page.getByRole('tab', { name: 'Budget and launch' }).click();
  await page.getByRole('button', { name: 'Review and launch…' }).click();
  await page.getByTestId('launch-dialog').getByRole('button', { name: 'Launch to 7 recipients' }).click();

  await expect(page.getByTestId('progress-wave')).toHaveCount(5);
  await expect(page.getByTestId('monitor-status')).toHaveText('scheduled');
  await expect(page.getByTestId('monitor-waiting').locator('dd')).toHaveText('7');
  await expect(page.getByRole('tab', { name: 'Budget and launch' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('monitor-status')).toHaveText('paused');
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByTestId('monitor-status')).not.toHaveText('paused');

  await page.getByRole('button', { name: 'Cancel waves not yet sent…' }).click();
  const dialog = page.getByTestId('cancel-dialog');
  await expect(dialog).toContainText('7 recipients have not been sent to yet');
  await dialog.getByRole('button', { name: 'Cancel waves' }).click();
  await expect(page.getByTestId('monitor-status')).toHaveText('cancelled');
  // The API cancels its scheduled messages; the statuses pulled next say so.
  await expect(async () => {
    await page.getByRole('button', { name: 'Check delivery now' }).click();
    await expect(page.getByTestId('monitor-cancelled').locator('dd')).toHaveText('7', { timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByTestId('monitor-waiting').locator('dd')).toHaveText('0');
  await expect(page.getByRole('button', { name: 'Pause' })).toHaveCount(0);
});

/**
 * The first clock change in the next 3 to 80 days (Kaleyra schedules up to 3 months ahead), and a
 * local time that falls in its gap (clocks jump forward) or overlap (clocks go back), by the core's
 * time-zone data (Node's).
 */
function nextClockChange(): { zone: string; localDate: string; localTime: string; kind: 'gap' | 'overlap' } | null {
  const now = DateTime.utc().startOf('hour');
  for (const zone of Intl.supportedValuesOf('timeZone')) {
    const before = now.plus({ days: 3 });
    const offsetBefore = before.setZone(zone).offset;
    for (let day = 4; day <= 80; day++) {
      const probe = now.plus({ days: day });
      if (probe.setZone(zone).offset === offsetBefore) continue;
      // Find the minute of the change.
      let low = probe.minus({ days: 1 }).toMillis();
      let high = probe.toMillis();
      while (high - low > 60_000) {
        const middle = low + Math.floor((high - low) / 120_000) * 60_000;
        if (DateTime.fromMillis(middle, { zone }).offset === offsetBefore) low = middle;
        else high = middle;
      }
      const offsetAfter = DateTime.fromMillis(high, { zone }).offset;
      const from = Math.min(offsetBefore, offsetAfter);
      const middleOfChange = DateTime.fromMillis(high, { zone: 'utc' }).plus({ minutes: from + Math.abs(offsetAfter - offsetBefore) / 2 });
      return {
        zone,
        localDate: middleOfChange.toFormat('yyyy-LL-dd'),
        localTime: middleOfChange.toFormat('HH:mm'),
        kind: offsetAfter > offsetBefore ? 'gap' : 'overlap',
      };
    }
  }
  return null;
}

test('a wave at a daylight-saving change is marked on the timeline and explained', async ({ page, desk }) => {
  const change = nextClockChange();
  test.skip(change === null, 'no time zone changes its clocks within the next 80 days');
  if (change === null) return;
  await desk.open();
  await switchToRegionalTeam(page);
  // A British number whose owner lives in the zone that changes; the zone column wins.
  const csv = ['Phone,First Name,Language,Time zone', '+919810000001,Asha,hi,Asia/Kolkata', `+447400123456,Clare,en,${change.zone}`, ''].join('\r\n');
  await importAudience(page, csv, 2);
  await openNewCampaign(page, 'At the clock change');
  await page.getByLabel('Audience').selectOption({ label: 'Winter sale (2)' });
  await page.getByLabel('Language of a new variant').fill('en');
  await page.keyboard.press('Enter');
  await page.getByTestId('variant').first().getByLabel('en message').fill('Night owls: 20% off.');
  await page.getByRole('radio', { name: /^Transactional/ }).check();
  await page.getByRole('tab', { name: 'Schedule' }).click();
  await page.getByRole('radio', { name: /At a local time in each recipient/ }).check();
  await page.getByLabel("Date (each recipient's local date)").fill(change.localDate);
  await page.getByLabel('Send time (local)').fill(change.localTime);
  await page.getByRole('radio', { name: /No quiet hours/ }).check();
  await saved(page);
  const changed = page.getByTestId('wave-row').filter({ hasText: change.zone });
  await expect(changed).toHaveAttribute('data-mark', 'dst');
  await expect(changed).toContainText(change.kind === 'gap' ? 'does not exist' : 'happens twice');
  await expect(page.getByTestId('timeline-wave').and(page.locator('[data-mark="dst"]'))).toHaveCount(1);
  await shot(page, '10-schedule-dst');
});

test('the main path works from the keyboard: draft, message, schedule, launch', async ({ page, desk }) => {
  test.setTimeout(90_000);
  await desk.open();
  await switchToRegionalTeam(page);
  await importAudience(page);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Campaigns' }).focus();
  await page.keyboard.press('Enter');

  await page.getByRole('button', { name: 'New campaign' }).focus();
  await page.keyboard.press('Enter');
  await page.keyboard.type('Keys only');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Keys only', level: 1 })).toBeVisible();

  // Tab order: name → Message tab → audience → sender ID.
  await page.getByLabel('Campaign name').focus();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('tab', { name: 'Message' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Audience')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByLabel('Audience')).not.toHaveValue('');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Sender ID')).toBeFocused();
  await page.keyboard.type('ACMERT');
  await page.getByLabel('Language of a new variant').focus();
  await page.keyboard.type('en');
  await page.keyboard.press('Enter');
  await page.getByLabel('en message').focus();
  await page.keyboard.type('Winter sale: 20% off today.');
  await page.getByRole('radio', { name: /^Transactional/ }).focus();
  await page.keyboard.press('Space');
  await saved(page);

  await page.getByRole('tab', { name: 'Message' }).focus();
  await page.keyboard.press('ArrowRight');
  await page.getByRole('radio', { name: /^Now/ }).focus();
  await page.keyboard.press('Space');
  await page.getByRole('radio', { name: /No quiet hours/ }).focus();
  await page.keyboard.press('Space');
  await saved(page);
  await expect(page.getByTestId('wave-row')).toHaveCount(5);

  await page.getByRole('tab', { name: 'Schedule' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Budget and launch' })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('button', { name: 'Review and launch…' }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('launch-dialog');
  await expect(dialog).toBeVisible();
  // Tab stays inside the dialog: Close → Cancel → Launch.
  await dialog.getByRole('button', { name: 'Cancel' }).focus();
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Launch to 7 recipients' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('monitor')).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Monitor' })).toBeFocused();
});
