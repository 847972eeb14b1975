import { useCallback, useEffect, useState } from 'react';
import type { ParentFunds, SubaccountDetail, SubaccountView } from '../../../shared/calls/subaccounts';
import { formatMoney } from '../../../shared/money';
import { call } from '../../lib/desk';
import { errorMessage } from '../../lib/error-message';

export type Loadable<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'failed'; message: string };

function useLoad<T>(load: () => Promise<T>): [Loadable<T>, () => void] {
  const [result, setResult] = useState<Loadable<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let current = true;
    load().then(
      (value) => current && setResult({ state: 'ready', value }),
      (error: unknown) => current && setResult({ state: 'failed', message: errorMessage(error) }),
    );
    return () => {
      current = false;
    };
  }, [load, attempt]);
  // A reload keeps showing what was there until the new answer arrives, so open forms stay as they are.
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return [result, reload];
}

const loadParentFunds = () => call('subaccounts.parentFunds', {});
const loadAllSubaccounts = () => call('subaccounts.list', {});

/** What the parent can give right now, asked of the API each time a dialog opens (money is never taken from the cache). */
export function useParentFunds(): [Loadable<ParentFunds | null>, () => void] {
  return useLoad(loadParentFunds);
}

/** Every sub-account the desktop knows, whatever the list's filters: names and e-mails must be unique among them. */
export function useAllSubaccounts(): Loadable<SubaccountView[]> {
  return useLoad(loadAllSubaccounts)[0];
}

export function useSubaccountDetail(sid: string): [Loadable<SubaccountDetail>, () => void] {
  const load = useCallback(() => call('subaccounts.get', { sid }), [sid]);
  return useLoad(load);
}

export function describeParentFunds(funds: ParentFunds): string {
  const available = formatMoney(funds.availableMinor, funds.currency);
  switch (funds.billing) {
    case 'prepaid':
      return `The parent is prepaid: ${available} of its balance is available to give.`;
    case 'postpaid':
      return funds.creditLimitMinor === null
        ? `The parent is postpaid: ${available} is left of its monthly limit.`
        : `The parent is postpaid: ${available} is left of its ${formatMoney(funds.creditLimitMinor, funds.currency)} monthly limit.`;
  }
}
