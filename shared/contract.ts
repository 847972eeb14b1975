import { z } from 'zod';
import { deskErrorShape } from './errors';
import { creditType, subaccountStatus } from './kaleyra/subaccount';

/**
 * The one contract between the renderer and the main side. Electron's preload, the IPC adapter,
 * the browser host and the renderer's client all derive from these schemas, so adding a call
 * means adding it here first. Payloads are strict: unknown keys are refused, not ignored.
 */

const isoInstant = z.iso.datetime({ offset: false });
const profileId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);

export const profileRole = z.enum(['parent', 'subaccount']);
export type ProfileRole = z.infer<typeof profileRole>;

export const profileView = z.strictObject({
  id: profileId,
  displayName: z.string(),
  kind: z.enum(['sandbox', 'kaleyra']),
  baseUrl: z.string(),
  sid: z.string(),
  role: profileRole,
  isActive: z.boolean(),
});
export type ProfileView = z.infer<typeof profileView>;

export const subaccountView = z.strictObject({
  sid: z.string(),
  name: z.string(),
  email: z.string(),
  status: subaccountStatus,
  creditType: creditType,
  channels: z.array(z.string()),
  country: z.string().nullable(),
  currency: z.string().nullable(),
  /** Assigned sub-accounts: their own balance, in minor units. */
  balanceMinor: z.number().int().nullable(),
  /** Shared sub-accounts: the monthly usage cap and what was used this month, in minor units. */
  monthlyLimitMinor: z.number().int().nullable(),
  usedThisMonthMinor: z.number().int().nullable(),
  syncedAt: isoInstant,
});
export type SubaccountView = z.infer<typeof subaccountView>;

export const syncState = z.enum(['idle', 'syncing', 'online', 'offline', 'error']);
export const syncStatus = z.strictObject({
  profileId: profileId.nullable(),
  state: syncState,
  lastSyncedAt: isoInstant.nullable(),
  nextAttemptAt: isoInstant.nullable(),
  lastError: deskErrorShape.nullable(),
});
export type SyncStatus = z.infer<typeof syncStatus>;

const empty = z.strictObject({});

export const calls = {
  'app.info': {
    input: empty,
    output: z.strictObject({ version: z.string(), host: z.enum(['electron', 'browser']) }),
  },
  'profiles.list': { input: empty, output: z.array(profileView) },
  'profiles.activate': { input: z.strictObject({ profileId }), output: profileView },
  'subaccounts.list': {
    input: z.strictObject({
      search: z.string().max(200).optional(),
      status: subaccountStatus.optional(),
    }),
    output: z.array(subaccountView),
  },
  'sync.status': { input: empty, output: syncStatus },
  'sync.now': { input: empty, output: syncStatus },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export type CallName = keyof typeof calls;
export type CallInput<N extends CallName> = z.input<(typeof calls)[N]['input']>;
export type CallOutput<N extends CallName> = z.output<(typeof calls)[N]['output']>;
export const callNames = Object.keys(calls) as CallName[];

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(calls, name);
}

export const events = {
  'sync.status': syncStatus,
  'subaccounts.changed': z.strictObject({ profileId }),
  'profiles.changed': z.strictObject({ activeProfileId: profileId.nullable() }),
} as const satisfies Record<string, z.ZodType>;

export type EventName = keyof typeof events;
export type EventPayload<N extends EventName> = z.output<(typeof events)[N]>;
export type DeskEvent = { [N in EventName]: { name: N; payload: EventPayload<N> } }[EventName];
export const eventNames = Object.keys(events) as EventName[];

export const callResult = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), value: z.unknown() }),
  z.strictObject({ ok: z.literal(false), error: deskErrorShape }),
]);
export type CallResult = z.infer<typeof callResult>;

/** What the preload exposes as `window.desk`, and what the browser client implements too. */
export interface DeskBridge {
  call(name: CallName, payload: unknown): Promise<CallResult>;
  onEvent(listener: (event: DeskEvent) => void): () => void;
}
