import type { DeskEvent } from '../../../shared/contract';
import type { Logger } from '../log';
import type { SqliteDatabase } from '../store/database';
import type { ProfileRecord } from '../store/profiles-repository';
import type { SubaccountsRepository } from '../store/subaccounts-repository';
import type { SyncEngine } from '../sync/sync-engine';
import type { Clock } from '../time';
import type { ProfilesService } from './profiles-service';

/** What call handlers may use. Built once by `createCore`; handlers never open their own resources. */
export interface CoreServices {
  readonly db: SqliteDatabase;
  readonly clock: Clock;
  readonly log: Logger;
  readonly host: 'electron' | 'browser';
  readonly version: string;
  emit(event: DeskEvent): void;
  readonly profiles: ProfilesService;
  readonly sync: SyncEngine;
  readonly subaccounts: SubaccountsRepository;
  /** The active profile, or a NO_ACTIVE_PROFILE error a person can act on. */
  requireActiveProfile(): ProfileRecord;
}
