import { z } from 'zod';

/**
 * Every failure that crosses a boundary carries a stable code (for code and tests), a message a
 * person can act on, and where it applies the offending field. The renderer shows `message`.
 */
export const errorCodes = [
  'VALIDATION_FAILED',
  'UNKNOWN_CALL',
  'FORBIDDEN_ROLE',
  'NO_ACTIVE_PROFILE',
  'PROFILE_NOT_FOUND',
  'API_UNREACHABLE',
  'API_AUTH_FAILED',
  'API_FORBIDDEN',
  'API_RATE_LIMITED',
  'API_REJECTED',
  'API_SERVER_ERROR',
  'API_BAD_RESPONSE',
  'SECRET_UNAVAILABLE',
  'INTERNAL',
  /** A platform rule the desktop checks before sending failed; `apiCode` is the platform's code for it. */
  'RULE_VIOLATED',
  'AUDIENCE_NOT_FOUND',
  'UPLOAD_NOT_FOUND',
  /** An import file that is not readable text or not a well-formed CSV; the message says where and why. */
  'FILE_UNREADABLE',
  'CAMPAIGN_NOT_FOUND',
  /** The campaign is not in a state that allows this (e.g. editing a launched campaign), or was edited elsewhere meanwhile. */
  'CAMPAIGN_CONFLICT',
  /** Something the launch needs is missing (audience, sender, message, schedule); `field` names it. */
  'CAMPAIGN_INCOMPLETE',
  /** The launch does not fit the money available (balance or allowance minus reservations, or the campaign budget). */
  'INSUFFICIENT_FUNDS',
  /** The API does not offer this path (a sandbox-only extra on a real account, or a wrong base URL). */
  'API_NOT_AVAILABLE',
  /** The local store stayed locked by other work (an import writing) past the bounded wait; nothing was written: try again. */
  'STORE_BUSY',
  /** The team workspace's PostgreSQL server could not be reached (address, network, TLS). */
  'WORKSPACE_UNREACHABLE',
  /** The workspace refused the login, or the login is not a member fitting this profile. */
  'WORKSPACE_REFUSED',
  /** A parent manager's approval of this exact revision is needed before launching (team workspace); the message says where it stands. */
  'APPROVAL_REQUIRED',
] as const;
export const errorCode = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof errorCode>;

export const deskErrorShape = z.object({
  code: errorCode,
  message: z.string(),
  field: z.string().optional(),
  /** The platform's own code (RBCxxxx) when the API refused. */
  apiCode: z.string().optional(),
});
export type DeskErrorShape = z.infer<typeof deskErrorShape>;

export class DeskError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { field?: string; apiCode?: string } = {},
  ) {
    super(message);
    this.name = 'DeskError';
  }

  toShape(): DeskErrorShape {
    return { code: this.code, message: this.message, ...this.details };
  }

  static fromShape(shape: DeskErrorShape): DeskError {
    const { code, message, ...details } = shape;
    return new DeskError(code, message, details);
  }
}

/**
 * A refusal of `code` said again for the situation at hand (what the user should do there); any
 * other error unchanged. For a catch block: `throw restated(error, 'API_UNREACHABLE', '…', { field })`.
 */
export function restated(error: unknown, code: ErrorCode, message: string, details: DeskError['details'] = {}): unknown {
  return error instanceof DeskError && error.code === code ? new DeskError(code, message, details) : error;
}
