import { DeskError } from '../../shared/errors';

/** The one place that turns any failure into a sentence a person can act on. */
export function errorMessage(error: unknown): string {
  if (error instanceof DeskError) return error.message;
  return 'Something unexpected happened. Try again; if it keeps happening, restart Campaign Desk.';
}
