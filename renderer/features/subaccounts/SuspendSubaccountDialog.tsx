import { useState, type FormEvent } from 'react';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { FormActions } from '../../components/FormActions';
import { call } from '../../lib/desk';
import { refusalOf, type Refusal } from '../../lib/error-message';

interface SuspendDialogProps {
  sid: string;
  name: string;
  onClose(): void;
  onSuspended(): void;
}

/**
 * Suspending stops a team's sending at once, so it is asked first, with what follows as the
 * platform (and the sandbox) does it: new sends are refused; messages it already accepted for a
 * later time are not cancelled by a suspension (only deleting cancels and refunds them).
 */
export function SuspendSubaccountDialog({ sid, name, onClose, onSuspended }: SuspendDialogProps) {
  const [busy, setBusy] = useState(false);
  const [banner, setBanner] = useState<Refusal | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setBanner(null);
    try {
      await call('subaccounts.suspend', { sid });
      onSuspended();
    } catch (error) {
      setBanner(refusalOf(error));
      setBusy(false);
    }
  };

  return (
    <Dialog title={`Suspend ${name}?`} onClose={onClose} testId="suspend-subaccount-dialog">
      <form className="dialog-form" noValidate onSubmit={(e) => void submit(e)}>
        <ul className="confirm-effects" data-testid="suspend-consequences">
          <li>
            Sending stops: the platform refuses every new message from {name} until you activate it again, and its team’s running campaigns stop with that
            reason.
          </li>
          <li>
            Messages the platform already accepted for a later time are not cancelled by a suspension: they still go out and are charged at their time. Deleting
            the sub-account is what cancels and refunds them.
          </li>
          <li>Its balance, keys and history stay as they are; Activate undoes the suspension.</li>
        </ul>
        <ErrorBanner message={banner} />
        <FormActions onCancel={onClose}>
          <button type="submit" className="danger" disabled={busy} data-autofocus>
            {busy ? 'Suspending…' : `Suspend ${name}`}
          </button>
        </FormActions>
      </form>
    </Dialog>
  );
}
