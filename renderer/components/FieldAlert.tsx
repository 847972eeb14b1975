/** A refusal the core tied to one field of a form (`field: null` is the form's own, shown in its banner). */
export interface FieldFailure {
  field: string | null;
  message: string;
}

/** The failure's message beside its field, announced at once; nothing when the failure is about another field. */
export function FieldAlert({ failure, field }: { failure: FieldFailure | null; field: string }) {
  return failure?.field === field ? (
    <span className="field-error" role="alert">
      {failure.message}
    </span>
  ) : null;
}
