import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { smsLogEntry } from '../../../shared/kaleyra/sms';
import {
  callError,
  callOk,
  closedAfterEach,
  closeNow,
  draftCampaign,
  seedAudience,
  startLaunchCore,
  startLaunchRig,
  startLaunchRigBehindFaultProxy,
} from './support';

const open = closedAfterEach();

const logsPage = z.object({ data: z.array(smsLogEntry), has_more: z.boolean(), next_cursor: z.string() });

/** The sandbox's message log lines for one recipient, read over HTTP as any API client would. */
async function sandboxLinesFor(url: string, account: { sid: string; apiKey: string }, recipient: string) {
  const response = await fetch(`${url}/v1/${account.sid}/sms/logs?limit=1000`, { headers: { 'api-key': account.apiKey } });
  return logsPage.parse(await response.json()).data.filter((line) => line.recipient === recipient);
}

describe('test send before launch', () => {
  it(
    'sends one personalised message to a chosen number, charged and recorded, without touching the draft; ' +
      'refuses bad numbers, offline and a 6th within the hour',
    async () => {
      const { sandbox, account, dataDir, core } = await startLaunchRig(open, { dataDirPrefix: 'test-send-core-', synced: true });
      const audienceId = seedAudience(dataDir, [
        { phone: '+919810000105', country: 'IN', zone: 'Asia/Kolkata', language: 'en', name: 'Asha', fields: { first_name: 'Asha' } },
        { phone: '+919810000115', country: 'IN', zone: 'Asia/Kolkata', language: 'hi', name: 'Ravi', fields: { first_name: 'Ravi' } },
      ]);
      const campaign = await draftCampaign(core, audienceId, {
        variants: [
          { language: 'en', body: 'Hi {{first_name|there}}, 20% off this weekend.', isDefault: true },
          { language: 'hi', body: 'Namaste {{first_name|ji}}, 20% chhoot.', isDefault: false },
        ],
      });
      // The plan caches the account's rate card, which prices the test.
      await callOk(core, 'campaigns.plan', { id: campaign.id });

      const preview = await callOk(core, 'campaigns.testSendPreview', { id: campaign.id, phone: '98100 12345', defaultCountry: 'IN', language: 'hi' });
      expect(preview).toEqual({ to: '+919810012345', language: 'hi', body: 'Namaste Ravi, 20% chhoot.', units: 1, estimatedCostMinor: 25, currency: 'INR' });

      const sent = await callOk(core, 'campaigns.testSend', { id: campaign.id, phone: '98100 12345', defaultCountry: 'IN', language: 'hi' });
      expect(sent).toMatchObject({ ...preview, messageId: expect.any(String) });
      const lines = await sandboxLinesFor(sandbox.url, account, '+919810012345');
      expect(lines.length).toBeGreaterThan(0);
      expect(new Set(lines.map((line) => line.message_id))).toEqual(new Set([sent.messageId]));
      expect(lines[0]).toMatchObject({ charged: 0.25, currency: 'INR', units: 1 });
      expect(lines[0]!.ref_custom[0]).toMatch(new RegExp(`^cdtest:${campaign.id}:`));

      // The default (en) variant when no language is named, rendered for the first English recipient.
      const second = await callOk(core, 'campaigns.testSend', { id: campaign.id, phone: '+91 98100 12346' });
      expect(second).toMatchObject({ to: '+919810012346', language: 'en', body: 'Hi Asha, 20% off this weekend.' });
      expect((await sandboxLinesFor(sandbox.url, account, '+919810012346'))[0]!.ref_custom[0]).not.toBe(lines[0]!.ref_custom[0]);

      const listed = await callOk(core, 'campaigns.testSends', { id: campaign.id });
      expect(listed.map((entry) => [entry.to, entry.messageId])).toEqual([
        ['+919810012346', second.messageId],
        ['+919810012345', sent.messageId],
      ]);
      // The draft is exactly as it was: same revision, same content.
      expect(await callOk(core, 'campaigns.get', { id: campaign.id })).toEqual(campaign);

      const invalid = await callError(core, 'campaigns.testSend', { id: campaign.id, phone: '12345' });
      expect(invalid).toMatchObject({ code: 'VALIDATION_FAILED', field: 'phone' });
      const unknownVariant = await callError(core, 'campaigns.testSend', { id: campaign.id, phone: '+919810012347', language: 'ta' });
      expect(unknownVariant).toMatchObject({ code: 'VALIDATION_FAILED', field: 'language' });

      for (let n = 3; n <= 5; n++) await callOk(core, 'campaigns.testSend', { id: campaign.id, phone: `+91981001235${n}` });
      const sixth = await callError(core, 'campaigns.testSend', { id: campaign.id, phone: '+919810012356' });
      expect(sixth.code).toBe('RULE_VIOLATED');
      expect(sixth.message).toMatch(/5 test sends in the last hour/);
      expect(await sandboxLinesFor(sandbox.url, account, '+919810012356')).toEqual([]);
      expect(await callOk(core, 'campaigns.testSends', { id: campaign.id })).toHaveLength(5);

      const noSender = await draftCampaign(core, audienceId, { senderId: '' });
      expect(await callError(core, 'campaigns.testSend', { id: noSender.id, phone: '+919810012360' })).toMatchObject({
        code: 'CAMPAIGN_INCOMPLETE',
        field: 'senderId',
      });
      const noMessage = await draftCampaign(core, audienceId, { variants: [] });
      expect(await callError(core, 'campaigns.testSend', { id: noMessage.id, phone: '+919810012360' })).toMatchObject({
        code: 'CAMPAIGN_INCOMPLETE',
        field: 'variants',
      });
      closeNow(open, core);

      // Offline: the same data folder, the API's address answers nothing.
      const offline = await startLaunchCore(dataDir, { ...account, url: 'http://127.0.0.1:9' });
      open.push(offline);
      const other = await draftCampaign(offline, audienceId);
      const refused = await callError(offline, 'campaigns.testSend', { id: other.id, phone: '+919810012370' });
      expect(refused.code).toBe('API_UNREACHABLE');
      expect(refused.message).toMatch(/draft is saved/);
      expect(refused.message).toMatch(/needs the network/);
      expect(await callOk(offline, 'campaigns.testSends', { id: other.id })).toEqual([]);
      expect(await callOk(offline, 'campaigns.get', { id: other.id })).toEqual(other);
    },
  );

  it('keeps a test whose answer was lost as unconfirmed: it may have been sent, so it is listed and counts toward the hour', async () => {
    const { sandbox, proxy, account, dataDir, core } = await startLaunchRigBehindFaultProxy(open, { dataDirPrefix: 'test-send-lost-', synced: true });
    const audienceId = seedAudience(dataDir, [{ phone: '+919810000105', country: 'IN', zone: 'Asia/Kolkata', language: 'en', name: 'Asha', fields: null }]);
    const campaign = await draftCampaign(core, audienceId);
    proxy.inject({ method: 'POST', path: /^\/v1\/[^/]+\/sms$/, fault: { kind: 'forward-then-drop' }, times: 1 });

    const lost = await callError(core, 'campaigns.testSend', { id: campaign.id, phone: '+919810012380' });
    expect(lost).toMatchObject({ code: 'API_UNREACHABLE', field: 'phone' });
    expect(lost.message).toMatch(/may still arrive/);
    expect(proxy.injected).toEqual({ 'forward-then-drop': 1 });
    // Kaleyra did take it: the record stays, without a message ID, and counts toward the limit.
    expect(await sandboxLinesFor(sandbox.url, account, '+919810012380')).not.toEqual([]);
    expect((await callOk(core, 'campaigns.testSends', { id: campaign.id })).map((entry) => [entry.to, entry.messageId])).toEqual([['+919810012380', null]]);
    for (let n = 1; n <= 4; n++) await callOk(core, 'campaigns.testSend', { id: campaign.id, phone: `+91981001239${n}` });
    expect((await callError(core, 'campaigns.testSend', { id: campaign.id, phone: '+919810012399' })).code).toBe('RULE_VIOLATED');
  });
});
