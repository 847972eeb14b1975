import type { z } from 'zod';

/**
 * Who may make a call. Declared beside the call so a new call cannot exist without a decision;
 * the main side enforces it (the renderer only hides what it cannot use).
 */
export type Access = 'anyone' | 'parent-only';

export interface CallDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
  readonly access: Access;
}

export const defineCall = <I extends z.ZodType, O extends z.ZodType>(definition: CallDefinition<I, O>) => definition;

/** The calls and events one feature declares. A feature module exports one, and `shared/calls/index.ts` lists it. */
export interface Feature<C extends Record<string, CallDefinition>, E extends Record<string, z.ZodType>> {
  readonly calls: C;
  readonly events: E;
}

export const defineFeature = <C extends Record<string, CallDefinition>, E extends Record<string, z.ZodType> = Record<never, never>>(feature: {
  calls: C;
  events?: E;
}): Feature<C, E> => ({ calls: feature.calls, events: feature.events ?? ({} as E) });

/** `A | B` → `A & B`: the type of the records of several features joined into one. */
export type UnionToIntersection<U> = (U extends unknown ? (part: U) => void : never) extends (whole: infer I) => void ? I : never;

/**
 * The records of several modules joined into one, refusing a name declared by two of them (a
 * spread would let the later one win silently). `what` names the records in the error.
 */
export function joinRecords<V>(records: ReadonlyArray<Readonly<Record<string, V>>>, what: string): Record<string, V> {
  const joined: Record<string, V> = {};
  for (const record of records) {
    for (const [name, value] of Object.entries(record)) {
      if (Object.hasOwn(joined, name)) throw new Error(`${what} "${name}" is declared twice`);
      joined[name] = value;
    }
  }
  return joined;
}
