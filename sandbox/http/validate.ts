import type { z } from 'zod';
import { sandboxCodes } from '../../shared/kaleyra/errors';
import { SandboxError } from '../domain/errors';

/** Parses a request body with its zod schema; the first issue becomes the 400 answer. */
export function parseRequest<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new SandboxError(400, sandboxCodes.invalidBody, 'the request body is invalid');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.join(', ');
    throw new SandboxError(400, sandboxCodes.invalidBody, `unknown field(s): ${keys}`, issue.keys[0]);
  }
  const field = issue.path.map(String).join('.');
  throw new SandboxError(
    400,
    sandboxCodes.invalidBody,
    field ? `${field}: ${issue.message}` : `the request body is invalid: ${issue.message}`,
    field || undefined,
  );
}
