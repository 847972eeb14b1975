import type { IncomingMessage } from 'node:http';
import { sandboxCodes } from '../../shared/kaleyra/errors';
import { SandboxError } from '../domain/errors';

/** Largest request body accepted; 100 recipients and a long body fit many times over. */
export const MAX_BODY_BYTES = 64 * 1024;

export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? '0');
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw tooLarge();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function tooLarge(): SandboxError {
  return new SandboxError(413, sandboxCodes.payloadTooLarge, `request bodies are limited to ${MAX_BODY_BYTES} bytes`);
}

/** JSON bodies, and form-encoded ones (Kaleyra's SMS API accepts both); repeated form keys become arrays. */
export function parseBody(raw: Buffer, contentType: string | undefined): unknown {
  const text = raw.toString('utf8');
  const mediaType = (contentType ?? 'application/json').split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType === 'application/x-www-form-urlencoded') {
    const form: Record<string, string | string[]> = {};
    for (const [key, value] of new URLSearchParams(text)) {
      const field = key.endsWith('[]') ? key.slice(0, -2) : key;
      const existing = form[field];
      if (existing === undefined) form[field] = key.endsWith('[]') ? [value] : value;
      else form[field] = Array.isArray(existing) ? [...existing, value] : [existing, value];
    }
    return form;
  }
  if (mediaType !== 'application/json' && mediaType !== '') {
    throw new SandboxError(415, sandboxCodes.unsupportedMediaType, 'send application/json or application/x-www-form-urlencoded');
  }
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new SandboxError(400, sandboxCodes.malformedJson, 'the request body is not valid JSON');
  }
}
