import { useMemo, useState, type FormEvent } from 'react';
import type { SubaccountDetail } from '../../../shared/calls/subaccounts';
import type { CreditType } from '../../../shared/kaleyra/subaccount';
import { formatMoney } from '../../../shared/money';
import type { SubaccountField } from '../../../shared/subaccount-rules';
import { Dialog } from '../../components/Dialog';
import { Field, FieldErrorText } from '../../components/Field';
import { call } from '../../lib/desk';
import { countryOptions } from './countries';
import { checkCreateForm, emptyCreateForm, errorsOf, knownOf, type AlertForm, type CreateForm } from './subaccount-form';
import { useSubaccountCall } from './use-subaccount-call';
import { describeParentFunds, useAllSubaccounts, useParentFunds } from './use-console-data';
import { ErrorBanner } from '../../components/ErrorBanner';
import { FormActions } from '../../components/FormActions';
import { LowBalanceAlertFields } from './LowBalanceAlertFields';

const CREATE_FIELDS: readonly SubaccountField[] = [
  'name',
  'email',
  'country',
  'creditType',
  'creditAmountMinor',
  'monthlyLimitMinor',
  'lowBalanceAlert',
  'lowBalanceAlert.thresholdMinor',
  'lowBalanceAlert.emails',
];

/** Which form input a rule's field belongs to: a refusal is shown on what the person filled in. */
const FIELD_OF_INPUT: Record<string, SubaccountField[]> = {
  name: ['name'],
  email: ['email'],
  country: ['country'],
  creditType: ['creditType', 'lowBalanceAlert'],
  creditAmount: ['creditAmountMinor'],
  monthlyLimit: ['monthlyLimitMinor'],
  alert: ['lowBalanceAlert', 'lowBalanceAlert.thresholdMinor', 'lowBalanceAlert.emails'],
  invite: [],
};

export function CreateSubaccountDialog({ onClose, onCreated }: { onClose(): void; onCreated(created: SubaccountDetail): void }) {
  const [funds, reloadFunds] = useParentFunds();
  const all = useAllSubaccounts();
  const [form, setForm] = useState<CreateForm>(emptyCreateForm);
  const [touched, setTouched] = useState<ReadonlySet<SubaccountField>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const { busy, banner, setBanner, serverErrors, setServerErrors, run } = useSubaccountCall(CREATE_FIELDS);

  const parent = funds.state === 'ready' ? funds.value : null;
  const known = useMemo(() => (all.state === 'ready' ? knownOf(all.value) : []), [all]);
  const checked = useMemo(() => checkCreateForm(form, parent, known), [form, parent, known]);
  const localErrors = errorsOf(checked.issues);
  const errorFor = (field: SubaccountField) => ((submitted || touched.has(field)) && localErrors[field]) || serverErrors[field] || null;

  /** Typing in a field re-checks it at once and forgets what the API said about it. */
  const update = (input: keyof typeof FIELD_OF_INPUT, patch: Partial<CreateForm>) => {
    setForm((current) => ({ ...current, ...patch }));
    const fields = FIELD_OF_INPUT[input] ?? [];
    setServerErrors((current) => Object.fromEntries(Object.entries(current).filter(([field]) => !fields.includes(field as SubaccountField))));
  };
  const touch = (input: keyof typeof FIELD_OF_INPUT) => setTouched((current) => new Set([...current, ...(FIELD_OF_INPUT[input] ?? [])]));
  const updateAlert = (patch: Partial<AlertForm>) => update('alert', { alert: { ...form.alert, ...patch } });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setBanner(null);
    if (checked.issues.length > 0) return;
    // On a refusal the parent's money may have moved meanwhile: what the dialog shows must follow.
    await run(async () => onCreated(await call('subaccounts.create', checked.input)), { onRefused: reloadFunds });
  };

  const currencyHint = parent ? ` (${parent.currency})` : '';
  const creditTypeError = errorFor('creditType');
  const alertError = errorFor('lowBalanceAlert');
  const selectCreditType = (creditType: CreditType) => {
    update('creditType', { creditType });
    touch('creditType');
  };

  return (
    <Dialog title="New sub-account" onClose={onClose} testId="create-subaccount-dialog" wide>
      <form className="dialog-form" noValidate onSubmit={(e) => void submit(e)}>
        <p className="funds-summary" data-testid="parent-funds" role="status">
          {funds.state === 'loading' && 'Checking what the parent account has…'}
          {funds.state === 'failed' && `Could not read the parent's funds: ${funds.message}`}
          {funds.state === 'ready' &&
            (funds.value ? describeParentFunds(funds.value) : 'This API does not report the parent’s funds: the platform will check the amounts.')}
        </p>

        <Field label="Name" error={errorFor('name')} hint="Letters and digits, unique among your sub-accounts.">
          {(control) => (
            <input
              {...control}
              autoFocus
              value={form.name}
              maxLength={200}
              autoComplete="off"
              onChange={(e) => update('name', { name: e.target.value })}
              onBlur={() => touch('name')}
            />
          )}
        </Field>
        <Field label="Business e-mail" error={errorFor('email')} hint="The owner’s work address; it cannot change later.">
          {(control) => (
            <input
              {...control}
              type="email"
              value={form.email}
              autoComplete="off"
              onChange={(e) => update('email', { email: e.target.value })}
              onBlur={() => touch('email')}
            />
          )}
        </Field>
        <Field label="Country" error={errorFor('country')}>
          {(control) => (
            <select
              {...control}
              value={form.country}
              onChange={(e) => {
                update('country', { country: e.target.value });
                touch('country');
              }}
            >
              <option value="">Choose a country…</option>
              {countryOptions().map((country) => (
                <option key={country.code} value={country.code}>
                  {country.name} ({country.code})
                </option>
              ))}
            </select>
          )}
        </Field>

        <fieldset className="choice-group" aria-describedby="credit-type-hint">
          <legend>Credit type</legend>
          <label>
            <input type="radio" name="creditType" value="assigned" checked={form.creditType === 'assigned'} onChange={() => selectCreditType('assigned')} />
            Assigned budget: its own balance, funded from the parent
          </label>
          <label>
            <input type="radio" name="creditType" value="shared" checked={form.creditType === 'shared'} onChange={() => selectCreditType('shared')} />
            Shared usage: spends from the parent’s monthly limit, up to its own cap (postpaid parents)
          </label>
          <span id="credit-type-hint" className="hint">
            {parent
              ? `This parent allows: ${parent.allowedCreditTypes.map((type) => (type === 'assigned' ? 'assigned budget' : 'shared usage')).join(', ')}.`
              : 'Fixed at creation.'}
          </span>
          {creditTypeError && <FieldErrorText error={creditTypeError} />}
        </fieldset>

        {form.creditType === 'assigned' && (
          <>
            <Field
              label={`Initial credit${currencyHint}`}
              error={errorFor('creditAmountMinor')}
              hint={parent ? `At most ${describeAvailable(parent.availableMinor, parent.currency)}.` : undefined}
            >
              {(control) => (
                <input
                  {...control}
                  inputMode="decimal"
                  value={form.creditAmount}
                  autoComplete="off"
                  onChange={(e) => update('creditAmount', { creditAmount: e.target.value })}
                  onBlur={() => touch('creditAmount')}
                />
              )}
            </Field>
            <LowBalanceAlertFields alert={form.alert} currencySuffix={currencyHint} errorFor={errorFor} onChange={updateAlert} onBlur={() => touch('alert')} />
          </>
        )}
        {form.creditType === 'shared' && (
          <Field label={`Monthly usage limit${currencyHint}`} error={errorFor('monthlyLimitMinor')} hint="A whole amount; it renews each calendar month.">
            {(control) => (
              <input
                {...control}
                inputMode="numeric"
                value={form.monthlyLimit}
                autoComplete="off"
                onChange={(e) => update('monthlyLimit', { monthlyLimit: e.target.value })}
                onBlur={() => touch('monthlyLimit')}
              />
            )}
          </Field>
        )}
        {alertError && <FieldErrorText error={alertError} />}

        <label className="checkbox">
          <input type="checkbox" checked={form.invite} onChange={(e) => update('invite', { invite: e.target.checked })} />
          Invite the owner by e-mail (the account stays “invited” until the invitation is accepted)
        </label>

        <ErrorBanner message={banner} />
        {submitted && checked.issues.length > 0 && (
          <p className="field-error" role="alert">
            Fix the {checked.issues.length === 1 ? 'field' : `${checked.issues.length} fields`} marked above first.
          </p>
        )}
        <FormActions onCancel={onClose}>
          <button type="submit" className="primary" disabled={busy || funds.state === 'loading'}>
            {busy ? 'Creating…' : 'Create sub-account'}
          </button>
        </FormActions>
      </form>
    </Dialog>
  );
}

function describeAvailable(minor: number, currency: string): string {
  return `${formatMoney(minor, currency)} available`;
}
