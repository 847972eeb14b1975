import { accessOf, calls, isCallName, type CallName, type CallOutput, type CallResult, type ParsedCallInput, type ProfileRole } from '../../shared/contract';
import { DeskError } from '../../shared/errors';
import { isAllowed } from './access-policy';
import type { Logger } from './log';
import { isStoreBusy, storeBusyError } from './store/store-busy';

export type CallHandler<N extends CallName> = (input: ParsedCallInput<N>) => Promise<CallOutput<N>> | CallOutput<N>;
export type CallHandlers = { [N in CallName]: CallHandler<N> };

export interface Dispatcher {
  (name: unknown, payload: unknown): Promise<CallResult>;
}

/**
 * The single door into the core for every adapter (Electron IPC, browser host, tests): the name
 * must be in the contract, the payload must match its schema, the active role must be allowed,
 * and the answer must match its schema too, so nothing undeclared leaves the core.
 */
export function createDispatcher(handlers: CallHandlers, activeRole: () => ProfileRole | null, log: Logger): Dispatcher {
  return async (name, payload) => {
    try {
      if (!isCallName(name)) throw new DeskError('UNKNOWN_CALL', 'That action does not exist in this version of Campaign Desk.');
      // Access first: a profile that may not make the call learns nothing from how its payload is judged.
      if (!isAllowed(accessOf(name), activeRole())) {
        throw new DeskError('FORBIDDEN_ROLE', 'Only a parent account profile can do this.');
      }
      const contract = calls[name];
      const input = contract.input.safeParse(payload ?? {});
      if (!input.success) {
        const issue = input.error.issues[0];
        const field = issue?.path.map(String).join('.') || undefined;
        throw new DeskError('VALIDATION_FAILED', `Invalid request${field ? ` (${field})` : ''}: ${issue?.message ?? 'malformed'}`, field ? { field } : {});
      }
      const handler = handlers[name] as (input: unknown) => unknown;
      const value = contract.output.parse(await handler(input.data));
      return { ok: true, value };
    } catch (error) {
      if (error instanceof DeskError) {
        // The platform's code is for support: it goes to the log here (and to a "details"
        // disclosure in the window), never into the sentence a person reads.
        if (error.details.apiCode) log.warn('call refused', { call: String(name).slice(0, 64), code: error.code, apiCode: error.details.apiCode });
        return { ok: false, error: error.toShape() };
      }
      // A transaction that could not take the write lock rolled back whole: the call can simply be repeated.
      if (isStoreBusy(error)) return { ok: false, error: storeBusyError().toShape() };
      log.error('call failed', { call: typeof name === 'string' ? name.slice(0, 64) : typeof name, error: String(error) });
      return { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong inside Campaign Desk. The details are in the log.' } };
    }
  };
}
