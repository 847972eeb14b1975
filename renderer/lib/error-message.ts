import { DeskError, errorCodes } from '../../shared/errors';

/** A failure as shown: the sentence to act on, and the platform's code for the "Details" disclosure only. */
export interface Refusal {
  message: string;
  code?: string;
}

const UNEXPECTED = 'Something unexpected happened. Try again; if it keeps happening, restart Campaign Desk.';

// The platform's codes (RBC2317), the sandbox's (SBX-WITHDRAWAL-EXCEEDS-BALANCE) and our own
// (INSUFFICIENT_FUNDS) are for support and logs: a message read by a person never shows them,
// even when an API put one into its message text.
const INTERNAL_CODE = new RegExp(String.raw`\s*[(\[]?\b(?:SBX-[A-Z0-9-]+|RBC\d+|${errorCodes.join('|')})\b[)\]]?:?`, 'g');

/** The text without any internal or platform code in it. */
export function withoutCodes(text: string): string {
  const cleaned = text
    .replace(INTERNAL_CODE, '')
    .replace(/^[\s:–—-]+/, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
  return cleaned === '' ? UNEXPECTED : cleaned;
}

/** The one place that turns any failure into a sentence a person can act on. */
export function errorMessage(error: unknown): string {
  if (error instanceof DeskError) return withoutCodes(error.message);
  return UNEXPECTED;
}

/** The sentence and, apart from it, the platform's code (for the "Details" disclosure). */
export function refusalOf(error: unknown): Refusal {
  const message = errorMessage(error);
  const code = error instanceof DeskError ? error.details.apiCode : undefined;
  return code ? { message, code } : { message };
}

/** The form field a refusal names, to show the message on it (null: a message for the whole form). */
export function fieldOfError(error: unknown): string | null {
  return error instanceof DeskError ? (error.details.field ?? null) : null;
}

/** A refusal the core tied to one field of a form (`field: null` is the form's own, shown in its banner). */
export interface FieldFailure {
  field: string | null;
  message: string;
}

/** Any failure as a form shows it: on the field it names, with the sentence to act on. */
export function fieldFailureOf(error: unknown): FieldFailure {
  return { field: fieldOfError(error), message: errorMessage(error) };
}

/**
 * A store's read as the state to set: what `read` answers through `onAnswer`, or, when it fails, the
 * sentence to act on through `onFailure`.
 */
export async function stateFromRead<Answer, Success, Failure>(
  read: Promise<Answer>,
  onAnswer: (answer: Answer) => Success,
  onFailure: (message: string) => Failure,
): Promise<Success | Failure> {
  try {
    return onAnswer(await read);
  } catch (error) {
    return onFailure(errorMessage(error));
  }
}
