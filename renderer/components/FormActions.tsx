import type { ReactNode } from 'react';

/** A dialog form's footer: Cancel, then the form's own action (its submit button). */
export function FormActions({ onCancel, children }: { onCancel(): void; children: ReactNode }) {
  return (
    <div className="dialog-actions">
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      {children}
    </div>
  );
}

/** The footer of a form whose next step shows what will happen before anything is done: Cancel, then "Review…". */
export function ReviewActions({ onCancel }: { onCancel(): void }) {
  return (
    <FormActions onCancel={onCancel}>
      <button type="submit" className="primary">
        Review…
      </button>
    </FormActions>
  );
}
