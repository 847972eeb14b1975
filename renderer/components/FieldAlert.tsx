import type { FieldFailure } from '../lib/error-message';

/** The failure's message beside its field, announced at once; nothing when the failure is about another field. */
export function FieldAlert({ failure, field }: { failure: FieldFailure | null; field: string }) {
  return failure?.field === field ? (
    <span className="field-error" role="alert">
      {failure.message}
    </span>
  ) : null;
}
