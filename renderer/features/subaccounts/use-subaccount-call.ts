import { useState } from 'react';
import type { Refusal } from '../../lib/error-message';
import { placeError, type FieldErrors } from './subaccount-form';

/**
 * What a sub-account dialog keeps around its call: whether it runs, and where a refusal shows (on
 * one of `fields` when the API names it, else in the banner).
 */
export function useSubaccountCall(fields: readonly string[]) {
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<Refusal | null>(null);
  const [busy, setBusy] = useState(false);

  /** Runs `action` while busy; on a refusal, places it, then runs `onRefused`. */
  const run = async (action: () => Promise<void>, { onRefused }: { onRefused?: () => void } = {}): Promise<void> => {
    setBusy(true);
    setBanner(null);
    try {
      await action();
    } catch (error) {
      const placed = placeError(error, fields);
      setServerErrors(placed.fieldErrors);
      setBanner(placed.banner);
      onRefused?.();
    } finally {
      setBusy(false);
    }
  };

  return { busy, banner, setBanner, serverErrors, setServerErrors, run };
}
