import { useMemo, useState, type FormEvent } from 'react';
import type { BulkActionInput, BulkActionKind, BulkActionResult, BulkItemResult } from '../../../shared/calls/subaccount-bulk';
import { formatMoney } from '../../../shared/money';
import { sandboxCodes } from '../../../shared/kaleyra/errors';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { ReviewActions } from '../../components/FormActions';
import { VirtualTable, type SortState, type VirtualColumn, useSortedRows } from '../../components/VirtualTable';
import { call } from '../../lib/desk';
import { errorMessage } from '../../lib/error-message';
import { describeParentFunds, useParentFunds } from './use-console-data';
import { creditAmountFromText } from './subaccount-form';
import { formatCount } from '../../../shared/format';

const FALLBACK_CURRENCY = 'INR';

const ACTION_TITLES: Record<BulkActionKind, string> = {
  recharge: 'Recharge',
  suspend: 'Suspend',
  activate: 'Activate',
};

const OUTCOME_LABELS: Record<BulkItemResult['outcome'], string> = {
  done: 'Done',
  refused: 'Refused',
  unknown: 'Check this account',
  skipped: 'Skipped',
};

/** The accounts chosen one by one, or every account matching the list's filters (the core resolves them). */
export type BulkTarget = { sids: string[] } | { matching: NonNullable<BulkActionInput['matching']> };

interface BulkActionDialogProps {
  action: BulkActionKind;
  /** How many accounts the target holds, as the list counted them. */
  count: number;
  target: BulkTarget;
  onClose(): void;
  /** After each run: the list shows the new balances and statuses. */
  onRan(): void;
}

/**
 * One action over many sub-accounts: the amount (recharge), one confirmation with the totals, then
 * a result per account. The operation's id is fixed when the dialog opens, so "Try the refused
 * again" never repeats an account that was done.
 */
export function BulkActionDialog({ action, count, target, onClose, onRan }: BulkActionDialogProps) {
  const [operationId] = useState(() => crypto.randomUUID());
  const [amount, setAmount] = useState('');
  const [touched, setTouched] = useState(false);
  const [confirming, setConfirming] = useState(action !== 'recharge');
  const [busy, setBusy] = useState(false);
  const [banner, setBanner] = useState<string | null>(null);
  const [result, setResult] = useState<BulkActionResult | null>(null);
  const [funds] = useParentFunds();
  // Sub-accounts are funded in the parent's currency.
  const currency = (funds.state === 'ready' ? funds.value?.currency : undefined) ?? FALLBACK_CURRENCY;
  const parsed = creditAmountFromText(amount, currency, 'Enter the amount for each account.');
  const amountMinor = parsed.issue ? null : parsed.minor;
  const amountIssue =
    parsed.issue ?? (amountMinor !== null && amountMinor <= 0 ? { message: 'Enter a positive amount.', code: sandboxCodes.amountInvalid } : null);
  const money = (minor: number) => formatMoney(minor, currency);
  const title = `${ACTION_TITLES[action]} ${formatCount(count)} sub-account${count === 1 ? '' : 's'}`;

  const run = async (chosen: BulkTarget) => {
    setBusy(true);
    setBanner(null);
    try {
      const answer = await call('subaccounts.bulk', {
        operationId,
        action,
        ...chosen,
        ...(action === 'recharge' && amountMinor !== null ? { amountMinor } : {}),
      });
      // A retry covers only the refused accounts: their new results replace the old ones.
      setResult((before) => {
        if (!before) return answer;
        const fresh = new Map(answer.results.map((item) => [item.sid, item]));
        return { ...answer, results: before.results.map((item) => fresh.get(item.sid) ?? item) };
      });
      onRan();
    } catch (failure) {
      setBanner(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const review = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!amountIssue && amountMinor !== null) setConfirming(true);
  };

  let body;
  if (result) {
    body = <BulkResults result={result} busy={busy} onRetry={(sids) => void run({ sids: [...sids] })} onClose={onClose} />;
  } else if (confirming) {
    const total = amountMinor === null ? 0 : amountMinor * count;
    body = (
      <div className="dialog-form" data-testid="bulk-confirmation">
        <p className="confirm-question">
          {action === 'recharge'
            ? `Recharge ${formatCount(count)} sub-accounts with ${money(amountMinor ?? 0)} each?`
            : `${ACTION_TITLES[action]} ${formatCount(count)} sub-accounts?`}
        </p>
        <ul className="confirm-effects">
          {action === 'recharge' && (
            <li>
              Total from the parent: <strong data-testid="bulk-total">{money(total)}</strong>
              {funds.state === 'ready' && funds.value && ` (${describeParentFunds(funds.value)})`}
            </li>
          )}
          {action === 'recharge' && funds.state === 'ready' && funds.value && funds.value.availableMinor < total && (
            <li className="spend-warning">The parent cannot cover every account: the platform will refuse the last ones, and each is listed.</li>
          )}
          {action === 'suspend' && <li>The platform refuses their sends until you activate them again.</li>}
          <li>Each account gets its own result; accounts already in that state are skipped.</li>
        </ul>
        <ErrorBanner message={banner} />
        <div className="dialog-actions">
          <button type="button" onClick={action === 'recharge' ? () => setConfirming(false) : onClose} disabled={busy}>
            {action === 'recharge' ? 'Back' : 'Cancel'}
          </button>
          <button type="button" className="primary" onClick={() => void run(target)} disabled={busy} autoFocus>
            {busy
              ? `Working on ${formatCount(count)} accounts…`
              : action === 'recharge'
                ? `Confirm: recharge ${formatCount(count)} for ${money(total)}`
                : `Confirm: ${ACTION_TITLES[action].toLowerCase()} ${formatCount(count)}`}
          </button>
        </div>
      </div>
    );
  } else {
    body = (
      <form className="dialog-form" noValidate onSubmit={review}>
        <p>{funds.state === 'ready' && funds.value ? describeParentFunds(funds.value) : 'Reading what the parent can give…'}</p>
        <Field label={`Amount for each account (${currency})`} error={touched ? amountIssue : null}>
          {(control) => (
            <input
              {...control}
              autoFocus
              inputMode="decimal"
              autoComplete="off"
              value={amount}
              onChange={(e) => {
                setAmount(e.target.value);
                setTouched(true);
              }}
            />
          )}
        </Field>
        <ReviewActions onCancel={onClose} />
      </form>
    );
  }
  return (
    <Dialog title={title} onClose={onClose} testId="bulk-dialog" wide>
      {body}
    </Dialog>
  );
}

const RESULT_COLUMNS: ReadonlyArray<VirtualColumn<BulkItemResult>> = [
  { id: 'name', title: 'Sub-account', width: 'minmax(160px, 1fr)', sortValue: (row) => row.name, cell: (row) => row.name },
  {
    id: 'outcome',
    title: 'Result',
    width: '140px',
    sortValue: (row) => row.outcome,
    cell: (row) => <span className={`badge badge--bulk-${row.outcome}`}>{OUTCOME_LABELS[row.outcome]}</span>,
  },
  { id: 'message', title: 'Details', width: 'minmax(200px, 2fr)', cell: (row) => (row.repeated ? `${row.message} (done by an earlier attempt)` : row.message) },
  {
    id: 'balance',
    title: 'Balance after',
    width: '130px',
    numeric: true,
    sortValue: (row) => row.balanceAfterMinor,
    cell: (row) => (row.outcome === 'done' && row.balanceAfterMinor !== null ? formatMoney(row.balanceAfterMinor, row.currency ?? FALLBACK_CURRENCY) : ''),
  },
];

function BulkResults({ result, busy, onRetry, onClose }: { result: BulkActionResult; busy: boolean; onRetry(sids: readonly string[]): void; onClose(): void }) {
  const [sort, setSort] = useState<SortState | null>({ column: 'outcome', direction: 'desc' });
  const counts = useMemo(() => {
    const tally = { done: 0, refused: 0, unknown: 0, skipped: 0 };
    for (const item of result.results) tally[item.outcome] += 1;
    return tally;
  }, [result]);
  const sorted = useSortedRows(result.results, RESULT_COLUMNS, sort);
  const refused = result.results.filter((item) => item.outcome === 'refused').map((item) => item.sid);
  return (
    <div className="dialog-form" data-testid="bulk-results">
      <p role="status" data-testid="bulk-summary">
        {formatCount(counts.done)} done · {formatCount(counts.refused)} refused · {formatCount(counts.skipped)} skipped
        {counts.unknown > 0 && ` · ${formatCount(counts.unknown)} to check`}
      </p>
      <VirtualTable
        label="Result per sub-account"
        className="bulk-results-table"
        rows={sorted}
        columns={RESULT_COLUMNS}
        rowKey={(row) => row.sid}
        rowAttributes={(row) => ({ 'data-testid': 'bulk-result-row', 'data-sid': row.sid, 'data-outcome': row.outcome })}
        sort={sort}
        onSort={setSort}
        rowHeight={40}
      />
      <div className="dialog-actions">
        {refused.length > 0 && (
          <button type="button" onClick={() => onRetry(refused)} disabled={busy}>
            {busy ? 'Trying again…' : `Try the ${formatCount(refused.length)} refused again`}
          </button>
        )}
        <button type="button" className="primary" onClick={onClose} autoFocus>
          Done
        </button>
      </div>
    </div>
  );
}
