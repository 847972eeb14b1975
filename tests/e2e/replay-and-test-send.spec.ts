import { expect, test } from './support/desk-test';
import { freshDataDir } from './support/browser-host';
import { importAudience, switchToRegionalTeam, writeEnglishMessage, sendNowAsTransactional } from './support/regional-team';
import { screenshot } from './support/screenshots';
import { readSandbox } from './support/sandbox-truth';

// Sandbox seed: AcmeNorth (the bundled `sandbox-sub` profile) pays ₹0.25 a unit in India. The
// sandbox leaves numbers ending 0000–0004 undelivered and delivers the rest.

const TEST_PHONE = '+919810012345';
const UNDELIVERED = ['+919810000001', '+919810000000'];
const DELIVERED = ['+919810000015', '+919810000025'];

/** Messages the embedded sandbox accepted, per recipient, read from its own database (the ground truth). */
function sandboxMessages(dataDir: string): Array<{ recipient: string; refCustom: string; chargeMinor: number; body: string }> {
  return readSandbox(
    dataDir,
    (db) =>
      db
        .prepare(
          `SELECT m.recipient, m.ref_custom AS refCustom, m.charge_minor AS chargeMinor, json_extract(s.response_json, '$.body') AS body
        FROM messages m JOIN sends s ON s.id = m.send_id ORDER BY m.created_at, m.message_id`,
        )
        .all() as Array<{ recipient: string; refCustom: string; chargeMinor: number; body: string }>,
  );
}

const countFor = (messages: ReturnType<typeof sandboxMessages>, phone: string) => messages.filter((message) => message.recipient === phone).length;

test('a regional team sends a test before launch, then replays the undelivered with an edited body and launches the replay', async ({ page, desk }) => {
  test.setTimeout(180_000);
  const dataDir = freshDataDir();
  await desk.open({ dataDir });
  await switchToRegionalTeam(page);
  const csv = [
    'Phone,First Name,Language,Time zone',
    `${DELIVERED[0]},Asha,en,Asia/Kolkata`,
    `${DELIVERED[1]},Ravi,en,Asia/Kolkata`,
    `${UNDELIVERED[0]},Mira,en,Asia/Kolkata`,
    `${UNDELIVERED[1]},Kiran,en,Asia/Kolkata`,
    '',
  ].join('\r\n');
  await importAudience(page, { name: 'North regulars', fileName: 'north.csv', csv, valid: 4 });

  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Campaigns' }).click();
  await page.getByRole('button', { name: 'New campaign' }).click();
  await page.getByLabel('Campaign name').fill('North sale');
  await page.keyboard.press('Enter');
  await writeEnglishMessage(page, { audienceLabel: 'North regulars (4)', body: 'Hi {{name|there}}, North sale: 20% off today' });
  await sendNowAsTransactional(page);
  await page.getByRole('tab', { name: 'Budget and launch' }).click();
  await expect(page.getByRole('button', { name: 'Review and launch…' })).toBeEnabled();

  // The test: a number typed as people type it, the exact text and cost, a confirmation that states the cost.
  await page.getByRole('button', { name: 'Send a test…' }).click();
  const testDialog = page.getByTestId('test-send-dialog');
  await expect(testDialog.getByText('No test sent yet')).toBeVisible();
  await testDialog.getByLabel('Phone number').fill('12');
  await page.keyboard.press('Enter');
  await expect(testDialog.locator('.field-error')).toContainText('country code');
  await testDialog.getByLabel('Phone number').fill('+91 98100 12345');
  await page.keyboard.press('Enter');
  await expect(testDialog.getByTestId('test-send-body')).toHaveText('Hi Asha, North sale: 20% off today');
  await expect(testDialog.getByTestId('test-send-units')).toHaveText('1');
  await expect(testDialog.getByTestId('test-send-cost')).toHaveText('₹0.25');
  await screenshot(page, 'replay-1-test-send-confirm');
  expect(countFor(sandboxMessages(dataDir), TEST_PHONE)).toBe(0);
  await testDialog.getByRole('button', { name: 'Send 1 test SMS · ₹0.25' }).click();
  await expect(testDialog.getByTestId('test-send-message-id')).not.toBeEmpty();
  await expect(testDialog.getByTestId('test-send-history').locator('tbody tr')).toHaveCount(1);
  await screenshot(page, 'replay-2-test-send-sent');
  const sentTest = sandboxMessages(dataDir).filter((message) => message.recipient === TEST_PHONE);
  expect(sentTest).toHaveLength(1);
  expect(sentTest[0]).toMatchObject({ chargeMinor: 25, body: 'Hi Asha, North sale: 20% off today' });
  expect(sentTest[0]!.refCustom).toContain('cdtest:');
  await testDialog.getByRole('button', { name: 'Done' }).click();
  await expect(testDialog).toHaveCount(0);
  await expect(page.getByTestId('campaign-status')).toHaveText('draft');

  await page.getByRole('button', { name: 'Review and launch…' }).click();
  await page.getByTestId('launch-dialog').getByRole('button', { name: 'Launch to 4 recipients' }).click();
  await expect(page.getByTestId('monitor')).toBeVisible();
  await expect(async () => {
    await page.getByRole('button', { name: 'Check delivery now' }).click();
    await expect(page.getByTestId('monitor-status')).toHaveText('completed', { timeout: 1_000 });
  }).toPass({ timeout: 90_000 });
  await expect(page.getByTestId('monitor-undelivered').locator('dd')).toHaveText('2');

  // Replay the undelivered: a new draft opens, says what it is, and takes an edited body.
  await page.getByRole('button', { name: 'Replay…' }).click();
  const replayDialog = page.getByTestId('replay-dialog');
  await expect(replayDialog.getByRole('checkbox', { name: /Undelivered \(2\)/ })).toBeChecked();
  await expect(replayDialog.getByRole('checkbox', { name: /Delivered \(2\)/ })).not.toBeChecked();
  await screenshot(page, 'replay-3-replay-dialog');
  await replayDialog.getByRole('button', { name: 'Create replay draft' }).click();
  await expect(page.getByRole('heading', { name: 'North sale — replay (undelivered)', level: 1 })).toBeVisible();
  await expect(page.getByTestId('replay-banner')).toHaveText('Replay of North sale to 2 recipients (undelivered).');
  await screenshot(page, 'replay-4-replay-draft');
  await expect(page.getByTestId('campaign-status')).toHaveText('draft');
  await page.getByTestId('variant').first().getByLabel('en message').fill('Hi {{name|there}}, last chance: 20% off today');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  await page.getByRole('tab', { name: 'Budget and launch' }).click();
  await page.getByRole('button', { name: 'Review and launch…' }).click();
  const launchDialog = page.getByTestId('launch-dialog');
  await expect(launchDialog.getByTestId('confirm-cost')).toHaveText('₹0.50');
  await launchDialog.getByRole('button', { name: 'Launch to 2 recipients' }).click();
  await expect(page.getByTestId('monitor')).toBeVisible();

  // Only the undelivered got a second message; the delivered got one, the test number one.
  await expect(() => {
    const messages = sandboxMessages(dataDir);
    for (const phone of UNDELIVERED) expect(countFor(messages, phone)).toBe(2);
    for (const phone of DELIVERED) expect(countFor(messages, phone)).toBe(1);
    expect(countFor(messages, TEST_PHONE)).toBe(1);
  }).toPass({ timeout: 30_000 });
  const replayed = sandboxMessages(dataDir).filter((message) => message.body.includes('last chance'));
  expect(replayed.map((message) => [message.recipient, message.body]).sort()).toEqual([
    [UNDELIVERED[1], 'Hi Kiran, last chance: 20% off today'],
    [UNDELIVERED[0], 'Hi Mira, last chance: 20% off today'],
  ]);
});
