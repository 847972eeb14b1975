import type { CallDefinition } from '../../shared/calls/define';
import { joinRecords } from '../../shared/calls/define';
import type { CallName } from '../../shared/contract';
import type { CoreServices } from './core-services';
import type { CallHandlers } from './dispatch';

/**
 * The handlers of one group of calls (a `…Calls` record of `shared/calls/`), built from the core's
 * services. The compiler makes `build` answer every call of the group and nothing else.
 */
export interface HandlerModule<C extends Record<string, CallDefinition>> {
  readonly calls: C;
  build(services: CoreServices): Pick<CallHandlers, keyof C & CallName>;
}

/** A handler module of any group, as the registry holds them. */
export interface AnyHandlerModule {
  readonly calls: Readonly<Record<string, CallDefinition>>;
  build(services: CoreServices): object;
}

export const defineHandlers = <C extends Record<string, CallDefinition>>(
  calls: C,
  build: (services: CoreServices) => Pick<CallHandlers, keyof C & CallName>,
): HandlerModule<C> => ({ calls, build });

/** For each call, the names of the handler modules that declare it: exactly one is right. */
export function handlerOwners(modules: Readonly<Record<string, AnyHandlerModule>>): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  for (const [moduleName, module] of Object.entries(modules)) {
    for (const name of Object.keys(module.calls)) owners.set(name, [...(owners.get(name) ?? []), moduleName]);
  }
  return owners;
}

/** Every module built and joined; a call answered twice, or a handler for a call its module does not declare, fails the core's start. */
export function buildHandlers(modules: Readonly<Record<string, AnyHandlerModule>>, services: CoreServices): Record<string, unknown> {
  return joinRecords(
    Object.values(modules).map((module) => {
      const built = module.build(services) as Record<string, unknown>;
      const undeclared = Object.keys(built).filter((name) => !Object.hasOwn(module.calls, name));
      if (undeclared.length > 0) throw new Error(`handlers for undeclared calls: ${undeclared.join(', ')}`);
      return built;
    }),
    'call handler',
  );
}
