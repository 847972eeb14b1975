import type { KaleyraErrorCode } from '../../shared/kaleyra/errors';

export type HttpErrorStatus = 400 | 401 | 402 | 403 | 404 | 405 | 409 | 413 | 415 | 429 | 500;

/** A refusal the API answers with a stable code; never a partial write (thrown inside transactions). */
export class SandboxError extends Error {
  constructor(
    readonly httpStatus: HttpErrorStatus,
    readonly code: KaleyraErrorCode,
    message: string,
    readonly field?: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'SandboxError';
  }
}
