import { useEffect, useState, type FormEvent } from 'react';
import type { ApprovalDecision, ApprovalItem, ApprovalRuleRow } from '../../../shared/calls/approvals';
import { formatDateTime } from '../../../shared/format';
import { formatMoney, minorToMajorString, parseMajorToMinor } from '../../../shared/money';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { FormActions, ReviewActions } from '../../components/FormActions';
import { refusalOf, type Refusal } from '../../lib/error-message';
import { useApprovalsStore } from './approvals-store';
import { ColumnHeaders, numericColumn } from '../../components/ColumnHeaders';

type OpenDialog =
  { kind: 'decide'; item: ApprovalItem; decision: ApprovalDecision } | { kind: 'rule'; row: ApprovalRuleRow } | { kind: 'remove'; row: ApprovalRuleRow } | null;

const moneyOf = (minor: number | null, currency: string | null) => (minor === null ? '—' : currency === null ? String(minor) : formatMoney(minor, currency));

/**
 * The parent manager's approvals: pending requests across sub-accounts (approve or reject, with an
 * optional note), the latest decisions, and each sub-account's rule ("campaigns estimated above X
 * need approval"), set and removed after a confirmation.
 */
export function ApprovalsScreen() {
  const list = useApprovalsStore((s) => s.list);
  const rules = useApprovalsStore((s) => s.rules);
  const listError = useApprovalsStore((s) => s.listError);
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [done, setDone] = useState<string | null>(null);

  useEffect(() => {
    void useApprovalsStore.getState().loadScreen();
  }, []);

  const finished = (message: string) => {
    setDialog(null);
    setDone(message);
  };

  if (listError) return <ErrorBanner message={listError} />;
  if (!list || !rules) return <p className="empty">Loading approvals…</p>;
  if (!list.joined) {
    return (
      <section className="screen approvals-screen" aria-labelledby="approvals-title">
        <h1 id="approvals-title">Approvals</h1>
        <p className="empty" data-testid="approvals-not-joined">
          Approvals work through a team workspace. Join one on the Profiles screen (Team workspace) with your parent manager login.
        </p>
      </section>
    );
  }
  return (
    <section className="screen approvals-screen" aria-labelledby="approvals-title">
      <h1 id="approvals-title">Approvals</h1>
      <p className="notice notice--success" role="status" data-testid="approvals-done">
        {done ?? ''}
      </p>

      <section className="card" aria-labelledby="approvals-pending-title">
        <h2 id="approvals-pending-title">Waiting for a decision ({list.pending.length})</h2>
        {list.pending.length === 0 ? (
          <p className="empty" data-testid="approvals-empty">
            No campaign is waiting for approval. Requests from the teams appear here (and as a notification) as soon as they are made.
          </p>
        ) : (
          <ApprovalTable items={list.pending} label="Pending approval requests" onDecide={(item, decision) => setDialog({ kind: 'decide', item, decision })} />
        )}
      </section>

      <section className="card" aria-labelledby="approvals-decided-title">
        <h2 id="approvals-decided-title">Decided</h2>
        {list.decided.length === 0 ? <p className="empty">No decisions yet.</p> : <ApprovalTable items={list.decided} label="Decided approval requests" />}
      </section>

      <section className="card" aria-labelledby="approval-rules-title">
        <h2 id="approval-rules-title">Approval rules</h2>
        <p className="hint">
          A sub-account&apos;s campaigns estimated above its amount can only be launched once a parent manager approves that exact version.
        </p>
        {rules.accounts.length === 0 ? (
          <p className="empty">No sub-account has a team in the workspace yet (npm run workspace -- add-member).</p>
        ) : (
          <table className="data-table" aria-label="Approval rules per sub-account">
            <ColumnHeaders columns={['Sub-account', numericColumn('Needs approval above'), 'Set by']} actions />
            <tbody>
              {rules.accounts.map((row) => (
                <tr key={row.accountSid} data-testid="approval-rule-row" data-sid={row.accountSid}>
                  <td>
                    {row.accountName} <span className="hint">{row.accountSid}</span>
                  </td>
                  <td className="numeric">{row.thresholdMinor === null ? 'No rule' : moneyOf(row.thresholdMinor, row.currency)}</td>
                  <td>{row.setBy === null ? '—' : `${row.setBy}${row.setAt ? `, ${formatDateTime(row.setAt)}` : ''}`}</td>
                  <td className="row-actions">
                    <button
                      type="button"
                      aria-label={row.thresholdMinor === null ? `Require approval for ${row.accountName}` : `Change the approval rule of ${row.accountName}`}
                      onClick={() => setDialog({ kind: 'rule', row })}
                    >
                      {row.thresholdMinor === null ? 'Require approval…' : 'Change…'}
                    </button>
                    {row.thresholdMinor !== null && (
                      <button
                        type="button"
                        className="danger-outline"
                        aria-label={`Remove the approval rule of ${row.accountName}`}
                        onClick={() => setDialog({ kind: 'remove', row })}
                      >
                        Remove…
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {dialog?.kind === 'decide' && (
        <DecisionDialog
          item={dialog.item}
          decision={dialog.decision}
          onClose={() => setDialog(null)}
          onDone={() => finished(`"${dialog.item.campaignName}" ${dialog.decision}.`)}
        />
      )}
      {dialog?.kind === 'rule' && <RuleDialog row={dialog.row} onClose={() => setDialog(null)} onDone={finished} />}
      {dialog?.kind === 'remove' && (
        <RemoveRuleDialog row={dialog.row} onClose={() => setDialog(null)} onDone={() => finished(`${dialog.row.accountName} no longer needs approvals.`)} />
      )}
    </section>
  );
}

function ApprovalTable({
  items,
  label,
  onDecide,
}: {
  items: readonly ApprovalItem[];
  label: string;
  onDecide?(item: ApprovalItem, decision: ApprovalDecision): void;
}) {
  return (
    <table className="data-table" aria-label={label}>
      <thead>
        <tr>
          <th>Campaign</th>
          <th>Sub-account</th>
          <th className="numeric">Estimated</th>
          <th>Asked by</th>
          <th>Asked</th>
          <th>{onDecide ? <span className="visually-hidden">Decide</span> : 'Decision'}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={`${item.campaignId}:${item.revision}`} data-testid="approval-row" data-status={item.status} data-campaign={item.campaignId}>
            <td>
              {item.campaignName} <span className="hint">version {item.revision}</span>
              {item.superseded && <div className="hint">Edited since: this version can no longer be launched.</div>}
            </td>
            <td>{item.accountName}</td>
            <td className="numeric">{moneyOf(item.estimateMinor, item.currency)}</td>
            <td>{item.requestedBy}</td>
            <td>{formatDateTime(item.requestedAt)}</td>
            <td className="row-actions">
              {onDecide ? (
                <>
                  <button
                    type="button"
                    className="primary"
                    disabled={item.superseded}
                    aria-label={`Approve ${item.campaignName}`}
                    onClick={() => onDecide(item, 'approved')}
                  >
                    Approve…
                  </button>
                  <button type="button" aria-label={`Reject ${item.campaignName}`} onClick={() => onDecide(item, 'rejected')}>
                    Reject…
                  </button>
                </>
              ) : (
                <span data-testid="approval-decision">
                  {item.status === 'approved' ? 'Approved' : 'Rejected'} by {item.decidedBy ?? '—'}
                  {item.decidedAt ? `, ${formatDateTime(item.decidedAt)}` : ''}
                  {item.note ? ` — “${item.note}”` : ''}
                </span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DecisionDialog({ item, decision, onClose, onDone }: { item: ApprovalItem; decision: ApprovalDecision; onClose(): void; onDone(): void }) {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [banner, setBanner] = useState<Refusal | null>(null);
  const approving = decision === 'approved';
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setBanner(null);
    try {
      await useApprovalsStore.getState().decide({ campaignId: item.campaignId, revision: item.revision, decision, note: note.trim() });
      onDone();
    } catch (error) {
      setBanner(refusalOf(error));
      setBusy(false);
    }
  };
  return (
    <Dialog title={`${approving ? 'Approve' : 'Reject'} "${item.campaignName}"?`} onClose={onClose} testId="approval-decision-dialog">
      <form className="dialog-form" noValidate onSubmit={(e) => void submit(e)}>
        <p className="confirm-question">
          {approving
            ? `${item.accountName} may then launch version ${item.revision}, estimated ${moneyOf(item.estimateMinor, item.currency)}. ` +
              'Any later edit needs a new approval.'
            : `${item.accountName} cannot launch version ${item.revision}; they can change the campaign and ask again.`}
        </p>
        <Field label="Note for the team (optional)" hint={approving ? undefined : 'Say what to change, so the next request can be approved.'}>
          {(control) => <textarea {...control} maxLength={500} rows={3} value={note} onChange={(event) => setNote(event.target.value)} />}
        </Field>
        <ErrorBanner message={banner} />
        <FormActions onCancel={onClose}>
          <button type="submit" className={approving ? 'primary' : 'danger'} disabled={busy} data-autofocus>
            {busy ? 'Saving…' : approving ? 'Approve' : 'Reject'}
          </button>
        </FormActions>
      </form>
    </Dialog>
  );
}

function RuleDialog({ row, onClose, onDone }: { row: ApprovalRuleRow; onClose(): void; onDone(message: string): void }) {
  const currency = row.currency;
  const [text, setText] = useState(row.thresholdMinor === null || currency === null ? '' : minorToMajorString(row.thresholdMinor, currency));
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [banner, setBanner] = useState<Refusal | null>(null);

  const review = (event: FormEvent) => {
    event.preventDefault();
    if (currency === null) return;
    try {
      const minor = parseMajorToMinor(text.trim(), currency);
      if (minor < 0) throw new Error('negative');
      setError(null);
      setConfirming(minor);
    } catch {
      setError(`Enter an amount in ${currency}, e.g. 5000 or 4999.50`);
    }
  };
  const save = async () => {
    if (confirming === null) return;
    setBusy(true);
    setBanner(null);
    try {
      await useApprovalsStore.getState().setRule(row.accountSid, confirming);
      onDone(`${row.accountName}: campaigns estimated above ${moneyOf(confirming, currency)} now need approval.`);
    } catch (failure) {
      setBanner(refusalOf(failure));
      setBusy(false);
    }
  };
  return (
    <Dialog title={`Approval rule for ${row.accountName}`} onClose={onClose} testId="approval-rule-dialog">
      {currency === null ? (
        <div className="dialog-form">
          <p className="notice notice--error">This sub-account&apos;s currency is not known on this desktop yet. Sync the sub-accounts, then set the rule.</p>
          <FormActions onCancel={onClose}>{null}</FormActions>
        </div>
      ) : confirming === null ? (
        <form className="dialog-form" noValidate onSubmit={review}>
          <Field
            label={`Campaigns estimated above (${currency}) need approval`}
            error={error ? { message: error } : null}
            hint="The team's launch stays disabled until a parent manager approves that exact version."
          >
            {(control) => <input {...control} inputMode="decimal" value={text} onChange={(event) => setText(event.target.value)} data-autofocus />}
          </Field>
          <ReviewActions onCancel={onClose} />
        </form>
      ) : (
        <div className="dialog-form">
          <p className="confirm-question" data-testid="approval-rule-confirm">
            From now on, {row.accountName}&apos;s campaigns estimated above {moneyOf(confirming, currency)} can only be launched after a parent manager approves
            them. Campaigns already launched are not affected.
          </p>
          <ErrorBanner message={banner} />
          <div className="dialog-actions">
            <button type="button" onClick={() => setConfirming(null)}>
              Back
            </button>
            <button type="button" className="primary" disabled={busy} onClick={() => void save()} data-autofocus>
              {busy ? 'Saving…' : 'Require approval'}
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}

function RemoveRuleDialog({ row, onClose, onDone }: { row: ApprovalRuleRow; onClose(): void; onDone(): void }) {
  const [busy, setBusy] = useState(false);
  const [banner, setBanner] = useState<Refusal | null>(null);
  const remove = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setBanner(null);
    try {
      await useApprovalsStore.getState().removeRule(row.accountSid);
      onDone();
    } catch (error) {
      setBanner(refusalOf(error));
      setBusy(false);
    }
  };
  return (
    <Dialog title={`Remove ${row.accountName}'s approval rule?`} onClose={onClose} testId="approval-rule-remove-dialog">
      <form className="dialog-form" noValidate onSubmit={(e) => void remove(e)}>
        <p className="confirm-question">
          {row.accountName} will launch campaigns of any estimate without asking (above {moneyOf(row.thresholdMinor, row.currency)} today). Requests already
          made stay listed.
        </p>
        <ErrorBanner message={banner} />
        <FormActions onCancel={onClose}>
          <button type="submit" className="danger" disabled={busy} data-autofocus>
            {busy ? 'Removing…' : 'Remove the rule'}
          </button>
        </FormActions>
      </form>
    </Dialog>
  );
}
