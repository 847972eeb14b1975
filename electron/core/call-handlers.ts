import type { UnionToIntersection } from '../../shared/calls/define';
import type { CoreServices } from './core-services';
import { buildHandlers, type AnyHandlerModule } from './define-handlers';
import type { CallHandlers } from './dispatch';
import * as registry from './handler-registry';

type RegisteredModule = (typeof registry)[keyof typeof registry];
/** What the registered modules answer together; assigning it to `CallHandlers` fails to compile while a call has no handler. */
type RegisteredHandlers = UnionToIntersection<ReturnType<RegisteredModule['build']>>;

/** Every handler module listed in `handler-registry.ts`. */
export const handlerModules: Readonly<Record<string, AnyHandlerModule>> = registry;

/** The handler of every contract call, built once from the core's services. */
export function callHandlers(services: CoreServices): CallHandlers {
  const handlers: RegisteredHandlers = buildHandlers(handlerModules, services) as RegisteredHandlers;
  return handlers;
}
