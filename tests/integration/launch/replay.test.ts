import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { AudiencesRepository } from '../../../electron/core/store/audiences-repository';
import {
  callError,
  callOk,
  closedAfterEach,
  draftCampaign,
  expectEachSentOnce,
  launch,
  pullFinalStatuses,
  seedAudience,
  startLaunchRig,
  waitFor,
  waitUntilCancelledAtApi,
  waitUntilSent,
  withCoreDatabase,
  type SeedRecipient,
} from './support';

const open = closedAfterEach();

/** The sandbox leaves numbers ending 0000–0004 undelivered (ABSENT-SUB … EXPIRED) and delivers the rest. */
const RECIPIENTS: SeedRecipient[] = [
  { phone: '+919810000000', country: 'IN', zone: 'Asia/Kolkata', language: 'en', name: 'Asha', fields: { first_name: 'Asha', city: 'Pune' } },
  { phone: '+919810000105', country: 'IN', zone: 'Asia/Kolkata', language: 'en', name: 'Bela', fields: { first_name: 'Bela', city: 'Goa' } },
  { phone: '+919820000001', country: 'IN', zone: 'Asia/Dubai', language: 'hi', name: 'Chetan', fields: { first_name: 'Chetan', city: 'Dubai' } },
  { phone: '+919810000115', country: 'IN', zone: 'Asia/Kolkata', language: null, name: null, fields: null },
  { phone: '+919830000004', country: 'IN', zone: null, language: null, name: 'Dev', fields: null },
];
const UNDELIVERED = ['+919810000000', '+919820000001', '+919830000004'];

function recipientsOf(dataDir: string, audienceId: string) {
  return withCoreDatabase(dataDir, (db) => new AudiencesRepository(db).recipients(audienceId, 0, 100));
}

describe('replay of a finished campaign', () => {
  it('replays the undelivered to a new audience of exactly them and a draft that plans and launches to only those numbers', async () => {
    const { sandbox, account, dataDir, core } = await startLaunchRig(open, { dataDirPrefix: 'replay-core-', synced: true });
    const sourceAudienceId = seedAudience(dataDir, RECIPIENTS);
    const source = await draftCampaign(core, sourceAudienceId, {
      fallbackZone: 'Asia/Kolkata',
      budgetMinor: 10_000,
      variants: [
        { language: 'en', body: 'Hi {{first_name|there}}, 20% off in {{city|your city}}.', isDefault: true },
        { language: 'hi', body: 'Namaste {{first_name|ji}}, 20% chhoot.', isDefault: false },
      ],
    });
    await launch(core, source.id);

    // While it runs, a replay is refused.
    const early = await callError(core, 'campaigns.replay', { id: source.id, statuses: ['UnDelivered'] });
    expect(early.code).toBe('CAMPAIGN_CONFLICT');
    expect(early.message).toMatch(/completed or been cancelled/);

    await waitUntilSent(core, source.id);
    await pullFinalStatuses(core, sandbox);
    const finished = await waitFor('the campaign to complete', async () => {
      const progress = await callOk(core, 'campaigns.progress', { id: source.id });
      return progress.status === 'completed' ? progress : undefined;
    });
    expect(finished.totals).toMatchObject({ delivered: 2, undelivered: 3 });

    expect((await callError(core, 'campaigns.replay', { id: source.id, statuses: [] })).code).toBe('VALIDATION_FAILED');
    expect(await callError(core, 'campaigns.replay', { id: source.id, statuses: ['Failed'] })).toMatchObject({ code: 'VALIDATION_FAILED', field: 'statuses' });

    const replay = await callOk(core, 'campaigns.replay', { id: source.id, statuses: ['UnDelivered'] });
    expect(replay).toMatchObject({ name: 'Spring sale — replay (undelivered)', recipients: 3 });

    // The audience holds exactly the undelivered recipients, with every field they had.
    const audience = await callOk(core, 'audiences.get', { audienceId: replay.audienceId });
    expect(audience).toMatchObject({ status: 'ready', validRows: 3, totalRows: 3, customFields: ['first_name'] });
    const sourceRows = recipientsOf(dataDir, sourceAudienceId);
    expect(recipientsOf(dataDir, replay.audienceId)).toEqual(sourceRows.filter((row) => UNDELIVERED.includes(row.phoneE164)));

    const draft = await callOk(core, 'campaigns.get', { id: replay.id });
    expect(draft).toMatchObject({
      status: 'draft',
      name: replay.name,
      audienceId: replay.audienceId,
      senderId: source.senderId,
      routeType: source.routeType,
      quietHours: source.quietHours,
      fallbackZone: 'Asia/Kolkata',
      budgetMinor: 10_000,
      variants: source.variants,
      schedule: { kind: 'now' },
    });
    expect(await callOk(core, 'campaigns.replayInfo', { id: replay.id })).toEqual({
      replayOf: { id: source.id, name: 'Spring sale' },
      statuses: ['UnDelivered'],
      recipients: 3,
    });
    expect(await callOk(core, 'campaigns.replayInfo', { id: source.id })).toEqual({ replayOf: null, statuses: [], recipients: null });

    // Edit the body, plan and launch through the normal path: only those numbers get the second message.
    const edited = await callOk(core, 'campaigns.update', {
      id: replay.id,
      revision: draft.revision,
      variants: [
        { language: 'en', body: 'Hi {{first_name|there}}, last chance: 20% off.', isDefault: true },
        { language: 'hi', body: 'Namaste {{first_name|ji}}, aakhri mauka.', isDefault: false },
      ],
    });
    const plan = await callOk(core, 'campaigns.plan', { id: replay.id });
    expect(plan.estimate).toMatchObject({ recipients: 3, units: 3, totalMinor: 75 });
    await callOk(core, 'campaigns.launch', { id: replay.id, revision: edited.revision });
    await waitUntilSent(core, replay.id);
    await expectEachSentOnce(sandbox, account, replay.id, UNDELIVERED);
    await expectEachSentOnce(
      sandbox,
      account,
      source.id,
      RECIPIENTS.map((r) => r.phone),
    );
  });

  it('refuses a replay whose source audience has been deleted', async () => {
    const { dataDir, core } = await startLaunchRig(open, { dataDirPrefix: 'replay-gone-core-', synced: true });
    const audienceId = seedAudience(dataDir, RECIPIENTS.slice(0, 2));
    const source = await draftCampaign(core, audienceId);
    await launch(core, source.id);
    await waitUntilSent(core, source.id);
    await callOk(core, 'campaigns.cancel', { id: source.id });
    await callOk(core, 'audiences.delete', { audienceId });
    await waitFor('the audience to be gone', async () => (await callOk(core, 'audiences.list')).every((entry) => entry.id !== audienceId));
    const refused = await callError(core, 'campaigns.replay', { id: source.id, statuses: ['Delivered', 'Sent'] });
    expect(refused.code).toBe('AUDIENCE_NOT_FOUND');
    expect(refused.message).toMatch(/details are gone/);
    expect((await callOk(core, 'campaigns.list')).map((c) => c.id)).toEqual([source.id]);
  });

  it('counts scheduled messages cancelled at the API as cancelled, not as not sent, as the monitor does', async () => {
    const { dataDir, core } = await startLaunchRig(open, { dataDirPrefix: 'replay-cancelled-core-', synced: true });
    const audienceId = seedAudience(dataDir, RECIPIENTS.slice(0, 3));
    const localDate = DateTime.utc().plus({ days: 3 }).toISODate() ?? '';
    const source = await draftCampaign(core, audienceId, { schedule: { kind: 'local', localDate, localTime: '10:00' } });
    await launch(core, source.id);
    await waitUntilSent(core, source.id);
    await callOk(core, 'campaigns.cancel', { id: source.id });
    await waitUntilCancelledAtApi(core, source.id);
    await callOk(core, 'campaigns.syncStatuses');
    expect((await callOk(core, 'campaigns.progress', { id: source.id })).totals).toMatchObject({ cancelled: 3, notSent: 0 });

    const asNotSent = await callError(core, 'campaigns.replay', { id: source.id, statuses: ['NotSent'] });
    expect(asNotSent.code).toBe('VALIDATION_FAILED');
    const replay = await callOk(core, 'campaigns.replay', { id: source.id, statuses: ['cancelled'] });
    expect(replay.recipients).toBe(3);
    expect(recipientsOf(dataDir, replay.audienceId).map((r) => r.phoneE164)).toEqual(RECIPIENTS.slice(0, 3).map((r) => r.phone));
  });
});
