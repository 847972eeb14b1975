import { useState, type FormEvent } from 'react';
import type { ParentFunds, SubaccountDetail } from '../../../shared/calls/subaccounts';
import { formatMoney } from '../../../shared/money';
import type { CreditDirection } from '../../../shared/subaccount-rules';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { call } from '../../lib/desk';
import { checkCreditForm } from './subaccount-form';
import { useSubaccountCall } from './use-subaccount-call';
import { describeParentFunds, useParentFunds, useSubaccountDetail } from './use-console-data';
import { ErrorBanner } from '../../components/ErrorBanner';
import { ReviewActions } from '../../components/FormActions';

export interface CreditMoved {
  direction: CreditDirection;
  amountMinor: number;
  subaccount: SubaccountDetail;
}

interface CreditDialogProps {
  sid: string;
  name: string;
  onClose(): void;
  onMoved(moved: CreditMoved): void;
}

/** Recharge (from what the parent has) or withdraw (never below zero), always through a confirmation. */
export function CreditDialog({ sid, name, onClose, onMoved }: CreditDialogProps) {
  const [detail, reloadDetail] = useSubaccountDetail(sid);
  const [funds, reloadFunds] = useParentFunds();
  const reload = () => {
    reloadDetail();
    reloadFunds();
  };
  return (
    <Dialog title={`Recharge or withdraw · ${name}`} onClose={onClose} testId="credit-dialog">
      {(detail.state === 'loading' || funds.state === 'loading') && <p role="status">Reading the balances from the account…</p>}
      <ErrorBanner message={detail.state === 'failed' && detail.message} />
      <ErrorBanner message={funds.state === 'failed' && funds.message} />
      {detail.state === 'ready' && funds.state === 'ready' && (
        <CreditForm subaccount={detail.value} parent={funds.value} onClose={onClose} onMoved={onMoved} onStale={reload} />
      )}
    </Dialog>
  );
}

/** The field a refused amount shows on. */
const AMOUNT_FIELDS: readonly string[] = ['amountMinor'];

function CreditForm({
  subaccount,
  parent,
  onClose,
  onMoved,
  onStale,
}: {
  subaccount: SubaccountDetail;
  parent: ParentFunds | null;
  onClose(): void;
  onMoved(moved: CreditMoved): void;
  onStale(): void;
}) {
  const [direction, setDirection] = useState<CreditDirection>('recharge');
  const [amount, setAmount] = useState('');
  const [touched, setTouched] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const { busy, banner, serverErrors, setServerErrors, run } = useSubaccountCall(AMOUNT_FIELDS);
  const currency = subaccount.currency ?? parent?.currency ?? 'INR';
  const checked = checkCreditForm(direction, amount, subaccount, parent);
  const amountError = (touched && checked.issue ? { message: checked.issue.message, code: checked.issue.code } : null) ?? serverErrors.amountMinor ?? null;
  const balance = subaccount.balanceMinor ?? 0;
  const money = (minor: number) => formatMoney(minor, currency);

  const review = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (checked.issue || checked.amountMinor === null) return;
    setConfirming(true);
  };

  const confirm = async () => {
    if (checked.amountMinor === null) return;
    const amountMinor = checked.amountMinor;
    await run(
      async () => {
        const moved = await call(direction === 'recharge' ? 'subaccounts.recharge' : 'subaccounts.withdraw', { sid: subaccount.sid, amountMinor });
        onMoved({ direction, amountMinor, subaccount: moved });
      },
      {
        onRefused: () => {
          setConfirming(false);
          onStale();
        },
      },
    );
  };

  if (confirming && checked.amountMinor !== null) {
    const amountMinor = checked.amountMinor;
    const after = direction === 'recharge' ? balance + amountMinor : balance - amountMinor;
    return (
      <div className="dialog-form" data-testid="credit-confirmation">
        <p className="confirm-question">
          {direction === 'recharge'
            ? `Recharge ${subaccount.name} with ${money(amountMinor)} from the parent?`
            : `Withdraw ${money(amountMinor)} from ${subaccount.name} back to the parent?`}
        </p>
        <ul className="confirm-effects">
          <li>
            {subaccount.name}’s balance: {money(balance)} → <strong>{money(after)}</strong>
          </li>
          {parent && (
            <li>
              Parent available: {formatMoney(parent.availableMinor, parent.currency)} →{' '}
              <strong>
                {formatMoney(direction === 'recharge' ? parent.availableMinor - amountMinor : parent.availableMinor + amountMinor, parent.currency)}
              </strong>
            </li>
          )}
        </ul>
        <div className="dialog-actions">
          <button type="button" onClick={() => setConfirming(false)} disabled={busy}>
            Back
          </button>
          <button type="button" className="primary" onClick={() => void confirm()} disabled={busy} autoFocus>
            {busy ? 'Sending…' : direction === 'recharge' ? `Confirm recharge of ${money(amountMinor)}` : `Confirm withdrawal of ${money(amountMinor)}`}
          </button>
        </div>
      </div>
    );
  }

  return (
    <form className="dialog-form" noValidate onSubmit={review}>
      <dl className="fixed-facts" data-testid="credit-balances">
        <dt>{subaccount.name}’s balance</dt>
        <dd data-testid="subaccount-balance">{money(balance)}</dd>
        <dt>Parent</dt>
        <dd data-testid="parent-available">
          {parent ? describeParentFunds(parent) : 'The API does not report the parent’s funds; the platform checks the amount.'}
        </dd>
      </dl>
      <fieldset className="choice-group">
        <legend>Direction</legend>
        <label>
          <input type="radio" name="direction" checked={direction === 'recharge'} onChange={() => setDirection('recharge')} />
          Recharge: move credit from the parent to {subaccount.name}
        </label>
        <label>
          <input type="radio" name="direction" checked={direction === 'withdraw'} onChange={() => setDirection('withdraw')} />
          Withdraw: move credit from {subaccount.name} back to the parent
        </label>
      </fieldset>
      <Field
        label={`Amount (${currency})`}
        error={amountError}
        hint={
          direction === 'recharge'
            ? parent
              ? `At most ${formatMoney(parent.availableMinor, parent.currency)}.`
              : undefined
            : `At most ${money(Math.max(0, balance))}.`
        }
      >
        {(control) => (
          <input
            {...control}
            autoFocus
            inputMode="decimal"
            value={amount}
            autoComplete="off"
            onChange={(e) => {
              setAmount(e.target.value);
              setTouched(true);
              setServerErrors({});
            }}
          />
        )}
      </Field>
      <ErrorBanner message={banner} />
      <ReviewActions onCancel={onClose} />
    </form>
  );
}
