import { join } from 'node:path';
import type { DeskEvent } from '../../shared/contract';
import { DeskError } from '../../shared/errors';
import { createDispatcher, type Dispatcher } from './dispatch';
import { appHandlers } from './handlers/app-handlers';
import { profileHandlers } from './handlers/profile-handlers';
import { subaccountHandlers } from './handlers/subaccount-handlers';
import { syncHandlers } from './handlers/sync-handlers';
import type { Logger } from './log';
import type { SecretCipher } from './secrets/secret-cipher';
import { SecretStore } from './secrets/secret-store';
import type { CoreServices } from './services/core-services';
import { ProfilesService, type SandboxAccount } from './services/profiles-service';
import { openDatabase } from './store/database';
import { ProfilesRepository } from './store/profiles-repository';
import { SettingsRepository } from './store/settings-repository';
import { SubaccountsRepository } from './store/subaccounts-repository';
import { SyncStateRepository } from './store/sync-state-repository';
import { SyncEngine } from './sync/sync-engine';
import { systemClock, type Clock } from './time';

export interface CoreOptions {
  dataDir: string;
  cipher: SecretCipher;
  host: 'electron' | 'browser';
  version: string;
  log: Logger;
  clock?: Clock;
  /** The bundled sandbox's demo parent, when this launch runs one. */
  sandboxAccount?: SandboxAccount;
  pullIntervalMs?: number;
  /** Pull as soon as the core starts (default); off, the first pull waits for its interval or "Sync now". */
  syncOnStart?: boolean;
}

export interface Core {
  readonly call: Dispatcher;
  onEvent(listener: (event: DeskEvent) => void): () => void;
  close(): void;
}

export const DATABASE_FILE = 'campaign-desk.sqlite';
export const SECRETS_FILE = 'secrets.json';

/**
 * Builds the whole main-side core: store, services, sync, and the dispatcher every adapter calls.
 * It never imports Electron, so the same core runs in Electron's utility process, in the browser
 * host and in tests.
 */
export async function createCore(options: CoreOptions): Promise<Core> {
  const clock = options.clock ?? systemClock;
  const db = openDatabase(join(options.dataDir, DATABASE_FILE));
  const listeners = new Set<(event: DeskEvent) => void>();
  const emit = (event: DeskEvent) => listeners.forEach((listener) => listener(event));

  const subaccounts = new SubaccountsRepository(db);
  const secrets = new SecretStore(join(options.dataDir, SECRETS_FILE), options.cipher);
  const profiles = new ProfilesService(new ProfilesRepository(db), new SettingsRepository(db), secrets, clock);
  if (options.sandboxAccount) await profiles.ensureSandboxProfile(options.sandboxAccount);

  const sync = new SyncEngine({
    db,
    subaccounts,
    syncState: new SyncStateRepository(db),
    clientFor: (profile) => profiles.clientFor(profile),
    clock,
    log: options.log,
    onStatus: (payload) => emit({ name: 'sync.status', payload }),
    onSubaccountsChanged: (profileId) => emit({ name: 'subaccounts.changed', payload: { profileId } }),
    pullIntervalMs: options.pullIntervalMs,
  });

  const services: CoreServices = {
    db,
    clock,
    log: options.log,
    host: options.host,
    version: options.version,
    emit,
    profiles,
    sync,
    subaccounts,
    requireActiveProfile() {
      const profile = profiles.active();
      if (!profile) throw new DeskError('NO_ACTIVE_PROFILE', 'Choose or add a profile first.');
      return profile;
    },
  };

  const call = createDispatcher(
    { ...appHandlers(services), ...profileHandlers(services), ...subaccountHandlers(services), ...syncHandlers(services) },
    () => profiles.active()?.role ?? null,
    options.log,
  );

  sync.follow(profiles.active(), options.syncOnStart ?? true);

  return {
    call,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      sync.stop();
      listeners.clear();
      db.close();
    },
  };
}
