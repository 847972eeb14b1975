import { useMemo, useState, type FormEvent } from 'react';
import type { SubaccountDetail, SubaccountView } from '../../../shared/calls/subaccounts';
import type { SubaccountField } from '../../../shared/subaccount-rules';
import { Dialog } from '../../components/Dialog';
import { Field, FieldErrorText } from '../../components/Field';
import { call } from '../../lib/desk';
import { checkEditForm, editFormOf, errorsOf, knownOf, type EditForm } from './subaccount-form';
import { useSubaccountCall } from './use-subaccount-call';
import { useAllSubaccounts, useSubaccountDetail } from './use-console-data';
import { ErrorBanner } from '../../components/ErrorBanner';
import { FormActions } from '../../components/FormActions';
import { LowBalanceAlertFields } from './LowBalanceAlertFields';

const EDIT_FIELDS: readonly SubaccountField[] = ['name', 'monthlyLimitMinor', 'lowBalanceAlert', 'lowBalanceAlert.thresholdMinor', 'lowBalanceAlert.emails'];

export function EditSubaccountDialog({ row, onClose, onSaved }: { row: SubaccountView; onClose(): void; onSaved(saved: SubaccountDetail): void }) {
  const [detail] = useSubaccountDetail(row.sid);
  return (
    <Dialog title={`Edit ${row.name}`} onClose={onClose} testId="edit-subaccount-dialog" wide>
      {detail.state === 'loading' && <p role="status">Reading {row.name} from the account…</p>}
      <ErrorBanner message={detail.state === 'failed' && detail.message} />
      {detail.state === 'ready' && <EditSubaccountForm original={detail.value} onClose={onClose} onSaved={onSaved} />}
    </Dialog>
  );
}

function EditSubaccountForm({ original, onClose, onSaved }: { original: SubaccountDetail; onClose(): void; onSaved(saved: SubaccountDetail): void }) {
  const all = useAllSubaccounts();
  const [form, setForm] = useState<EditForm>(() => editFormOf(original));
  const { busy, banner, setBanner, serverErrors, setServerErrors, run } = useSubaccountCall(EDIT_FIELDS);
  const known = useMemo(() => (all.state === 'ready' ? knownOf(all.value) : []), [all]);
  const checked = useMemo(() => checkEditForm(form, original, known), [form, original, known]);
  const unchanged = Object.keys(checked.input).length === 1;
  const localErrors = unchanged ? {} : errorsOf(checked.issues);
  const errorFor = (field: SubaccountField) => localErrors[field] ?? serverErrors[field] ?? null;

  const alertError = errorFor('lowBalanceAlert');

  const update = (patch: Partial<EditForm>) => {
    setForm((current) => ({ ...current, ...patch }));
    setServerErrors({});
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBanner(null);
    if (unchanged || checked.issues.length > 0) return;
    await run(async () => onSaved(await call('subaccounts.edit', checked.input)));
  };

  return (
    <form className="dialog-form" noValidate onSubmit={(e) => void submit(e)}>
      <dl className="fixed-facts">
        <dt>E-mail</dt>
        <dd>{original.email}</dd>
        <dt>Country</dt>
        <dd>{original.country ?? '—'}</dd>
        <dt>Credit type</dt>
        <dd>{original.creditType === 'shared' ? 'Shared usage' : 'Assigned budget'}</dd>
      </dl>
      <p className="hint">E-mail, country, channels and credit type are fixed at creation. Credit moves through “Recharge / withdraw”.</p>
      <Field label="Name" error={errorFor('name')}>
        {(control) => <input {...control} autoFocus value={form.name} maxLength={200} autoComplete="off" onChange={(e) => update({ name: e.target.value })} />}
      </Field>
      {original.creditType === 'shared' && (
        <Field label={`Monthly usage limit (${original.currency ?? ''})`} error={errorFor('monthlyLimitMinor')} hint="A whole amount.">
          {(control) => <input {...control} inputMode="numeric" value={form.monthlyLimit} onChange={(e) => update({ monthlyLimit: e.target.value })} />}
        </Field>
      )}
      {original.creditType === 'assigned' && (
        <LowBalanceAlertFields
          alert={form.alert}
          currencySuffix={` (${original.currency ?? ''})`}
          errorFor={errorFor}
          onChange={(patch) => update({ alert: { ...form.alert, ...patch } })}
        />
      )}
      {alertError && <FieldErrorText error={alertError} />}
      <ErrorBanner message={banner} />
      <FormActions onCancel={onClose}>
        <button type="submit" className="primary" disabled={busy || unchanged || checked.issues.length > 0}>
          {busy ? 'Saving…' : 'Save changes'}
        </button>
      </FormActions>
    </form>
  );
}
