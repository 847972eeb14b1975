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
