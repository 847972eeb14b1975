import { openDatabase } from '../../../electron/core/store/database';
import { CampaignsRepository } from '../../../electron/core/store/campaigns-repository';
import { MessageStatusRepository } from '../../../electron/core/store/message-status-repository';
import { OutboxRepository } from '../../../electron/core/store/outbox-repository';
import { ProfilesRepository } from '../../../electron/core/store/profiles-repository';

/**
 * A fresh in-memory store holding one sandbox parent profile, `p1`, for the account `sid`: the
 * profile every campaign, request and message of the campaign-store tests belongs to.
 */
export function openCampaignStore({ sid, createdAt }: { sid: string; createdAt: string }) {
  const db = openDatabase(':memory:');
  new ProfilesRepository(db).save({ id: 'p1', displayName: 'Acme', kind: 'sandbox', baseUrl: 'http://127.0.0.1:1', sid, role: 'parent', createdAt });
  return { db, campaigns: new CampaignsRepository(db), outbox: new OutboxRepository(db), statuses: new MessageStatusRepository(db) };
}
