import { useState, type FormEvent } from 'react';
import type { CallOutput } from '../../../shared/contract';
import type { SubaccountDetail } from '../../../shared/calls/subaccounts';
import { formatMoney } from '../../../shared/money';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { call } from '../../lib/desk';
import { useSubaccountCall } from './use-subaccount-call';
import { useSubaccountDetail } from './use-console-data';
import { ErrorBanner } from '../../components/ErrorBanner';
import { FormActions } from '../../components/FormActions';

export type DeletedSubaccount = CallOutput<'subaccounts.delete'>;

interface DeleteDialogProps {
  sid: string;
  name: string;
  parentName: string;
  onClose(): void;
  onDeleted(deleted: DeletedSubaccount): void;
}

/** Says what happens to the money and the scheduled sends, then asks for the name to be typed. */
export function DeleteSubaccountDialog({ sid, name, parentName, onClose, onDeleted }: DeleteDialogProps) {
  const [detail] = useSubaccountDetail(sid);
  return (
    <Dialog title={`Delete ${name}?`} onClose={onClose} testId="delete-subaccount-dialog">
      {detail.state === 'loading' && <p role="status">Reading {name}’s balance from the account…</p>}
      <ErrorBanner message={detail.state === 'failed' && detail.message} />
      {detail.state === 'ready' && <DeleteForm subaccount={detail.value} parentName={parentName} onClose={onClose} onDeleted={onDeleted} />}
    </Dialog>
  );
}

export function whereTheBalanceGoes(subaccount: SubaccountDetail, parentName: string): string {
  if (subaccount.creditType === 'shared')
    return `${subaccount.name} uses the parent’s monthly limit and holds no balance: nothing is returned, and its use of the limit stops.`;
  const balance = subaccount.balanceMinor ?? 0;
  if (balance <= 0) return `${subaccount.name} has no balance left: nothing is returned to ${parentName}.`;
  return `Its remaining balance of ${formatMoney(balance, subaccount.currency ?? 'INR')} returns to the parent account, ${parentName}.`;
}

function DeleteForm({
  subaccount,
  parentName,
  onClose,
  onDeleted,
}: {
  subaccount: SubaccountDetail;
  parentName: string;
  onClose(): void;
  onDeleted(deleted: DeletedSubaccount): void;
}) {
  const [typed, setTyped] = useState('');
  const { busy, banner, serverErrors, run } = useSubaccountCall(['confirmName']);
  const matches = typed.trim() === subaccount.name;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!matches) return;
    await run(async () => onDeleted(await call('subaccounts.delete', { sid: subaccount.sid, confirmName: typed })));
  };

  return (
    <form className="dialog-form" noValidate onSubmit={(e) => void submit(e)}>
      <ul className="confirm-effects" data-testid="delete-consequences">
        <li data-testid="balance-destination">{whereTheBalanceGoes(subaccount, parentName)}</li>
        <li>The platform cancels its scheduled messages and refunds them; its API keys stop working.</li>
        <li>This cannot be undone: the account stays listed as deleted.</li>
      </ul>
      <Field label={`Type ${subaccount.name} to confirm`} error={serverErrors.confirmName ?? null}>
        {(control) => <input {...control} autoFocus value={typed} autoComplete="off" spellCheck={false} onChange={(e) => setTyped(e.target.value)} />}
      </Field>
      <ErrorBanner message={banner} />
      <FormActions onCancel={onClose}>
        <button type="submit" className="danger" disabled={!matches || busy}>
          {busy ? 'Deleting…' : `Delete ${subaccount.name}`}
        </button>
      </FormActions>
    </form>
  );
}
