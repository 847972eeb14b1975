import { MAX_ALERT_EMAILS, type SubaccountField } from '../../../shared/subaccount-rules';
import { Field, type FieldError } from '../../components/Field';
import type { AlertForm } from './subaccount-form';

interface LowBalanceAlertFieldsProps {
  alert: AlertForm;
  /** The account's currency as the threshold's label ends, e.g. " (INR)"; empty while unknown. */
  currencySuffix: string;
  errorFor(field: SubaccountField): FieldError | null;
  onChange(patch: Partial<AlertForm>): void;
  /** The person left the threshold or the addresses (the create form shows their errors from then on). */
  onBlur?(): void;
}

/** An assigned sub-account's low-balance alert: on or off, and when on, the threshold and who is e-mailed. */
export function LowBalanceAlertFields({ alert, currencySuffix, errorFor, onChange, onBlur }: LowBalanceAlertFieldsProps) {
  return (
    <>
      <label className="checkbox">
        <input type="checkbox" checked={alert.on} onChange={(e) => onChange({ on: e.target.checked })} />
        E-mail a low-balance alert
      </label>
      {alert.on && (
        <div className="nested-fields">
          <Field label={`Alert when the balance falls below${currencySuffix}`} error={errorFor('lowBalanceAlert.thresholdMinor')}>
            {(control) => (
              <input {...control} inputMode="decimal" value={alert.threshold} onChange={(e) => onChange({ threshold: e.target.value })} onBlur={onBlur} />
            )}
          </Field>
          <Field
            label="Alert addresses"
            error={errorFor('lowBalanceAlert.emails')}
            hint={`1 to ${MAX_ALERT_EMAILS} addresses, separated by commas or new lines.`}
          >
            {(control) => <textarea {...control} rows={2} value={alert.emails} onChange={(e) => onChange({ emails: e.target.value })} onBlur={onBlur} />}
          </Field>
        </div>
      )}
    </>
  );
}
