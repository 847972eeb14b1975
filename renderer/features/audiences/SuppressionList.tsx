import { useCallback, useEffect, useId, useState } from 'react';
import type { SuppressionView } from '../../../shared/calls/audiences';
import { call } from '../../lib/desk';
import { errorMessage } from '../../lib/error-message';

const SHOWN = 20;

/** The profile's suppression list: numbers every import reports as opted out instead of adding. */
export function SuppressionList() {
  const titleId = useId();
  const [total, setTotal] = useState<number | null>(null);
  const [latest, setLatest] = useState<SuppressionView[]>([]);
  const [numbers, setNumbers] = useState('');
  const [reason, setReason] = useState<SuppressionView['reason']>('opt_out');
  const [notice, setNotice] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(async () => {
    const list = await call('suppressions.list', { limit: SHOWN });
    setTotal(list.total);
    setLatest(list.latest);
  }, []);
  useEffect(() => {
    call('suppressions.list', { limit: SHOWN }).then(
      (list) => {
        setTotal(list.total);
        setLatest(list.latest);
      },
      (failure: unknown) => setNotice({ tone: 'error', text: errorMessage(failure) }),
    );
  }, []);

  const add = async () => {
    setBusy(true);
    setNotice(null);
    try {
      const result = await call('suppressions.add', { numbers, reason, defaultCountry: 'IN' });
      const invalid = result.invalid.length > 0 ? ` Not numbers: ${result.invalid.map((i) => i.value).join(', ')}.` : '';
      setNotice({ tone: result.invalid.length > 0 ? 'error' : 'success', text: `${result.added} added, ${result.alreadyListed} already listed.${invalid}` });
      if (result.invalid.length === 0) setNumbers('');
      await refresh();
    } catch (failure) {
      setNotice({ tone: 'error', text: errorMessage(failure) });
    } finally {
      setBusy(false);
    }
  };

  const remove = async (phoneE164: string) => {
    try {
      await call('suppressions.remove', { phoneE164 });
      await refresh();
    } catch (failure) {
      setNotice({ tone: 'error', text: errorMessage(failure) });
    }
  };

  return (
    <details className="card suppression-list">
      <summary>
        <span id={titleId}>Suppression list</span> · <span data-testid="suppression-count">{total === null ? '…' : `${total.toLocaleString()} numbers`}</span>
      </summary>
      <p className="hint">Numbers here are never added to an audience: imports report them as opted out. National numbers are read as Indian (IN).</p>
      <form
        className="inline-form"
        aria-labelledby={titleId}
        onSubmit={(event) => {
          event.preventDefault();
          void add();
        }}
      >
        <label>
          Numbers to suppress (one per line)
          <textarea value={numbers} onChange={(e) => setNumbers(e.target.value)} rows={3} cols={32} required />
        </label>
        <label>
          Reason
          <select value={reason} onChange={(e) => setReason(e.target.value as SuppressionView['reason'])}>
            <option value="opt_out">Opted out (STOP)</option>
            <option value="do_not_contact">Do not contact</option>
          </select>
        </label>
        <button type="submit" disabled={busy || numbers.trim() === ''}>
          Add to the list
        </button>
      </form>
      {notice && (
        <p className={notice.tone === 'error' ? 'field-error' : 'success'} role={notice.tone === 'error' ? 'alert' : 'status'}>
          {notice.text}
        </p>
      )}
      {latest.length > 0 && (
        <ul className="suppressed">
          {latest.map((entry) => (
            <li key={entry.phoneE164}>
              <span className="mono">{entry.phoneE164}</span> <span className="hint">{entry.reason === 'opt_out' ? 'opted out' : 'do not contact'}</span>{' '}
              <button type="button" onClick={() => void remove(entry.phoneE164)} aria-label={`Remove ${entry.phoneE164} from the suppression list`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
