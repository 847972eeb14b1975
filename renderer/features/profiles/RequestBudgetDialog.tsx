import { useEffect, useState, type FormEvent } from 'react';
import { REQUEST_BUDGET_BOUNDS, requestBudgetSettings, type RequestBudgetView } from '../../../shared/calls/request-budget';
import { formatCount } from '../../../shared/format';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field, type FieldError } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { call } from '../../lib/desk';
import { errorMessage } from '../../lib/error-message';

type Draft = Record<'backgroundSharePercent' | 'limitRequests' | 'limitWindowMinutes', string>;

const toDraft = (view: RequestBudgetView): Draft => ({
  backgroundSharePercent: String(view.backgroundSharePercent),
  limitRequests: String(view.limitRequests),
  limitWindowMinutes: String(view.limitWindowMinutes),
});

/** Digits only, grouping separators allowed ("50,000", "50 000"). */
const wholeNumber = (text: string) => (/^\s*\d[\d\s,.'\u00a0\u202f]*$/.test(text) ? Number(text.replace(/[^\d]/g, '')) : Number.NaN);

/**
 * A profile's request budget: the account's rate limit and the share of it background work (spend
 * logs, status pulls, syncs) may use, so the campaigns always keep the rest.
 */
export function RequestBudgetDialog({ profileId, profileName, onClose }: { profileId: string; profileName: string; onClose(): void }) {
  const [view, setView] = useState<RequestBudgetView | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [banner, setBanner] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call('profiles.requestBudget', { profileId }).then(
      (answer) => {
        setView(answer);
        setDraft(toDraft(answer));
      },
      (failure: unknown) => setBanner(errorMessage(failure)),
    );
  }, [profileId]);

  const parsed = draft
    ? requestBudgetSettings.safeParse({
        backgroundSharePercent: wholeNumber(draft.backgroundSharePercent),
        limitRequests: wholeNumber(draft.limitRequests),
        limitWindowMinutes: wholeNumber(draft.limitWindowMinutes),
      })
    : null;
  const issueOf = (field: keyof Draft): FieldError | null => {
    const issue = parsed && !parsed.success ? parsed.error.issues.find((candidate) => candidate.path[0] === field) : undefined;
    if (!issue) return null;
    return { message: issue.code === 'invalid_type' ? 'Enter a whole number.' : issue.message };
  };

  const save = async (settings: Parameters<typeof requestBudgetSettings.parse>[0] | null) => {
    setBusy(true);
    setBanner(null);
    try {
      const answer = await call('profiles.setRequestBudget', { profileId, settings: settings === null ? null : requestBudgetSettings.parse(settings) });
      setView(answer);
      setDraft(toDraft(answer));
      setSaved(
        `Saved: background work keeps to ${formatCount(answer.backgroundAllowance)} requests per ${answer.limitWindowMinutes} min; sends keep the rest.`,
      );
    } catch (failure) {
      setBanner(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (parsed?.success) void save(parsed.data);
  };
  const field = (key: keyof Draft, label: string, hint: string) => (
    <Field label={label} error={issueOf(key)} hint={hint}>
      {(control) => (
        <input
          {...control}
          inputMode="numeric"
          autoComplete="off"
          value={draft?.[key] ?? ''}
          onChange={(e) => {
            setSaved(null);
            setDraft((before) => before && { ...before, [key]: e.target.value });
          }}
        />
      )}
    </Field>
  );

  return (
    <Dialog title={`Request budget of ${profileName}`} onClose={onClose} testId="request-budget-dialog">
      <ErrorBanner message={banner} />
      {!draft && !banner && <p>Reading the settings…</p>}
      {draft && view && (
        <form className="dialog-form" noValidate onSubmit={submit}>
          <p className="hint">
            Background work (spend logs, status pulls, syncs) is paced to stay within this share of the account&apos;s rate limit, so campaigns always keep the
            rest. A “slow down” answer from the API slows background work first.
          </p>
          {field(
            'limitRequests',
            'Rate limit (requests)',
            `Kaleyra's guidance is 50,000 requests per 5 minutes; from ${formatCount(REQUEST_BUDGET_BOUNDS.limitRequests.min)}.`,
          )}
          {field('limitWindowMinutes', 'Per (minutes)', `${REQUEST_BUDGET_BOUNDS.windowMinutes.min} to ${REQUEST_BUDGET_BOUNDS.windowMinutes.max}.`)}
          {field(
            'backgroundSharePercent',
            'Background share (%)',
            `${REQUEST_BUDGET_BOUNDS.sharePercent.min} to ${REQUEST_BUDGET_BOUNDS.sharePercent.max} %; 20 % unless you change it.`,
          )}
          <p role="status" data-testid="request-budget-summary">
            {saved ??
              (parsed?.success
                ? `Background work may use ${formatCount(Math.max(1, Math.floor((parsed.data.limitRequests * parsed.data.backgroundSharePercent) / 100)))} ` +
                  `requests per ${parsed.data.limitWindowMinutes} min.`
                : 'Correct the fields above.')}
          </p>
          <FormActions onCancel={onClose}>
            {!view.isDefault && (
              <button type="button" onClick={() => void save(null)} disabled={busy}>
                Back to the defaults
              </button>
            )}
            <button type="submit" className="primary" disabled={busy || !parsed?.success}>
              {busy ? 'Saving…' : 'Save'}
            </button>
          </FormActions>
        </form>
      )}
    </Dialog>
  );
}
