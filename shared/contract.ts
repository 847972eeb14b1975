import { z } from 'zod';
import { deskErrorShape } from './errors';
import { appCalls } from './calls/app';
import { audienceCalls, audienceEvents, suppressionCalls } from './calls/audiences';
import { campaignCalls, campaignEvents } from './calls/campaigns';
import { messageSettingsCalls } from './calls/message-settings';
import { replayCalls } from './calls/campaign-replay';
import { testSendCalls } from './calls/campaign-test-send';
import { campaignTimelineCalls } from './calls/campaign-timeline';
import { billingCalls, billingEvents } from './calls/billing';
import { dltCalls } from './calls/dlt';
import type { Access, CallDefinition } from './calls/define';
import { profileCalls, profileEvents } from './calls/profiles';
import { spendCalls, spendEvents } from './calls/spend';
import { consolePageCalls } from './calls/console-pages';
import { requestBudgetCalls } from './calls/request-budget';
import { subaccountBulkCalls } from './calls/subaccount-bulk';
import { subaccountCalls, subaccountEvents } from './calls/subaccounts';
import { syncCalls, syncEvents } from './calls/sync';

/**
 * The one contract between the renderer and the main side. Each feature declares its calls
 * (input, output, access) and events in `shared/calls/<feature>.ts`; this file joins them. Electron's
 * preload, the IPC adapter, the browser host and the renderer's client all derive from it.
 * Payloads are strict: unknown keys are refused, not ignored.
 */
export const calls = {
  ...appCalls,
  ...audienceCalls,
  ...suppressionCalls,
  ...campaignCalls,
  ...testSendCalls,
  ...replayCalls,
  ...campaignTimelineCalls,
  ...billingCalls,
  ...dltCalls,
  ...profileCalls,
  ...spendCalls,
  ...subaccountCalls,
  ...subaccountBulkCalls,
  ...consolePageCalls,
  ...requestBudgetCalls,
  ...syncCalls,
  ...messageSettingsCalls,
} as const satisfies Record<string, CallDefinition>;

export const events = {
  ...audienceEvents,
  ...campaignEvents,
  ...billingEvents,
  ...profileEvents,
  ...subaccountEvents,
  ...syncEvents,
  ...spendEvents,
} as const satisfies Record<string, z.ZodType>;

export type { Access } from './calls/define';
export { KALEYRA_PODS, kaleyraPod, profileRole, profileView, type KaleyraPod, type ProfileRole, type ProfileView } from './calls/profiles';
export { subaccountView, type SubaccountView } from './calls/subaccounts';
export { syncStatus, type SyncStatus } from './calls/sync';

export type CallName = keyof typeof calls;
export type CallInput<N extends CallName> = z.input<(typeof calls)[N]['input']>;
export type CallOutput<N extends CallName> = z.output<(typeof calls)[N]['output']>;
export type ParsedCallInput<N extends CallName> = z.output<(typeof calls)[N]['input']>;
export const callNames = Object.keys(calls) as CallName[];

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(calls, name);
}

export function accessOf(name: CallName): Access {
  return calls[name].access;
}

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
