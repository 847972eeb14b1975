import { useId, type ReactNode } from 'react';
import { withoutCodes } from '../lib/error-message';
import { ErrorDetails } from './ErrorDetails';

export interface FieldError {
  message: string;
  /** The platform's code for the rule (RBC…, SBX-…), kept in a "Details" disclosure for support, never in the message. */
  code?: string;
}

export interface FieldControlProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

interface FieldProps {
  label: string;
  error?: FieldError | null;
  hint?: ReactNode;
  /** The control, wired to the label, the hint and the error. */
  children(control: FieldControlProps): ReactNode;
  testId?: string;
}

/** A labelled control with its hint and its error, which assistive technology reads with it. */
export function Field({ label, error, hint, children, testId }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field" data-testid={testId}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': describedBy })}
      {hint && (
        <span id={hintId} className="hint">
          {hint}
        </span>
      )}
      {error && <FieldErrorText id={errorId} error={error} />}
    </div>
  );
}

export function FieldErrorText({ id, error }: { id?: string; error: FieldError }) {
  return (
    <>
      <span id={id} className="field-error" data-code={error.code}>
        {withoutCodes(error.message)}
      </span>
      <ErrorDetails code={error.code} />
    </>
  );
}
