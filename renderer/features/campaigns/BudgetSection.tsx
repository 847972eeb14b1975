import { useState } from 'react';
import type { PlannedWave } from '../../../shared/calls/campaigns';
import { formatMoney, minorToMajorString, parseMajorToMinor } from '../../../shared/money';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { useBillingStore } from '../billing/billing-store';
import { BudgetPanel, useLaunchBlocker } from './BudgetPanel';
import { useCampaignMonitorStore } from './campaign-monitor-store';
import { useCampaignPlanStore } from './campaign-plan-store';
import { useCampaignsStore } from './campaigns-store';
import { TestSendDialog } from './TestSendDialog';
import { EnteredRateCard } from './EnteredRateCard';
import { waveSpreadLabel } from './guard-rails';
import { LeftOutFacts } from './LeftOutList';
import { formatUtc, sortedWaves } from './wave-notes';
import { sendHoursLines } from './send-hours';
import { formatCount, formatDateTime } from '../../../shared/format';
import { DltLaunchSummary } from './DltMatchPanel';
import { ApprovalGate } from '../approvals/ApprovalGate';
import { TeammatesReserved } from './TeammatesReserved';
import { ColumnHeaders, numericColumn } from '../../components/ColumnHeaders';

export function BudgetSection() {
  const form = useCampaignsStore((s) => s.form);
  const plan = useCampaignPlanStore((s) => s.plan);
  const planning = useCampaignPlanStore((s) => s.planning);
  const actionError = useCampaignMonitorStore((s) => s.actionError);
  const billingCurrency = useBillingStore((s) => s.summary?.currency ?? null);
  const blocker = useLaunchBlocker();
  const [confirming, setConfirming] = useState(false);
  const [testing, setTesting] = useState(false);
  const currency = plan?.currency ?? billingCurrency ?? 'INR';
  const money = (minor: number) => formatMoney(minor, currency);
  if (!form) return null;

  return (
    <div className="budget-layout">
      <div className="budget-main">
        <EnteredRateCard />
        <CampaignBudgetField currency={currency} />
        {plan && (
          <section className="card" aria-label="Estimated cost">
            <h2>Estimated cost</h2>
            <div className="estimate-tables">
              <table className="data-table" aria-label="Cost per country">
                <ColumnHeaders columns={['Country', numericColumn('Unit price'), numericColumn('Recipients'), numericColumn('Units'), numericColumn('Cost')]} />
                <tbody>
                  {plan.estimate.byCountry.map((row) => (
                    <tr key={row.country} data-testid="cost-country">
                      <td>{row.country}</td>
                      <td className="numeric" data-entered={String(row.entered)}>
                        {row.unitPrice}
                        {row.entered && <span className="hint"> (entered by you)</span>}
                      </td>
                      <td className="numeric">{formatCount(row.recipients)}</td>
                      <td className="numeric">{formatCount(row.units)}</td>
                      <td className="numeric">{money(row.costMinor)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <table className="data-table" aria-label="Cost per variant">
                <ColumnHeaders columns={['Variant', numericColumn('Recipients'), numericColumn('Units'), numericColumn('Cost')]} />
                <tbody>
                  {plan.estimate.byVariant.map((row) => (
                    <tr key={row.variant}>
                      <td>{row.variant}</td>
                      <td className="numeric">{formatCount(row.recipients)}</td>
                      <td className="numeric">{formatCount(row.units)}</td>
                      <td className="numeric">{money(row.costMinor)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <table className="data-table" aria-label="Cost per wave">
                <ColumnHeaders columns={['Wave', numericColumn('Recipients'), numericColumn('Cost')]} />
                <tbody>
                  {sortedWaves(plan).map((wave) => (
                    <tr key={wave.id}>
                      <td>
                        {wave.zone} · {wave.localDate} {wave.localTime}
                      </td>
                      <td className="numeric">{formatCount(wave.recipients)}</td>
                      <td className="numeric">{money(wave.costMinor)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="hint">Sent as {formatCount(plan.requests)} API requests (up to 100 recipients share one request when their text is identical).</p>
          </section>
        )}
        <section className="card launch-card">
          <h2>Launch</h2>
          {actionError && (
            <p className="notice notice--error" role="alert" data-testid="launch-error">
              {actionError}
            </p>
          )}
          <button
            type="button"
            className="primary"
            disabled={blocker !== null || planning}
            aria-describedby="launch-reason"
            onClick={() => setConfirming(true)}
          >
            Review and launch…
          </button>{' '}
          <span id="launch-reason" className="hint">
            {blocker ?? (planning ? 'Updating the plan…' : 'You will see the exact numbers before anything is sent.')}
          </span>
          <ApprovalGate />
          <p className="test-send">
            <button type="button" aria-describedby="test-send-reason" onClick={() => setTesting(true)}>
              Send a test…
            </button>{' '}
            <span id="test-send-reason" className="hint">
              One real SMS to a number you choose, exactly as a recipient gets it. The draft is not changed.
            </span>
          </p>
        </section>
      </div>
      <aside className="schedule-aside" aria-label="Budget">
        <BudgetPanel />
      </aside>
      {confirming && plan && <LaunchDialog onClose={() => setConfirming(false)} />}
      {testing && <TestSendDialog onClose={() => setTesting(false)} />}
    </div>
  );
}

function CampaignBudgetField({ currency }: { currency: string }) {
  const budgetMinor = useCampaignsStore((s) => s.form?.budgetMinor ?? null);
  const serverError = useCampaignsStore((s) => s.fieldErrors['budgetMinor']);
  const [text, setText] = useState(budgetMinor === null ? '' : minorToMajorString(budgetMinor, currency));
  const [error, setError] = useState<string | null>(null);

  const apply = (value: string) => {
    setText(value);
    if (value.trim() === '') {
      setError(null);
      useCampaignsStore.getState().edit({ budgetMinor: null });
      return;
    }
    try {
      const minor = parseMajorToMinor(value.trim(), currency);
      if (minor < 0) throw new Error('negative');
      setError(null);
      useCampaignsStore.getState().edit({ budgetMinor: minor });
    } catch {
      setError(`Enter an amount in ${currency}, e.g. 500 or 499.50`);
    }
  };
  const message = error ?? serverError ?? null;
  return (
    <section className="card" aria-label="Campaign budget">
      <Field
        label={`Campaign budget (${currency}, optional)`}
        error={message ? { message } : null}
        hint="The most this campaign may spend. Leave empty to be limited by the account only."
      >
        {(control) => <input {...control} inputMode="decimal" value={text} onChange={(event) => apply(event.target.value)} />}
      </Field>
    </section>
  );
}

function waveLine(wave: PlannedWave): string {
  // The user's own time, zone named; the recipients' wall time is labelled "local".
  return (
    `${formatDateTime(wave.utc)} your time — ${wave.zone}, ${wave.localDate} ${waveSpreadLabel(wave)} local, ` +
    `${formatCount(wave.recipients)} recipient${wave.recipients === 1 ? '' : 's'}`
  );
}

function LaunchDialog({ onClose }: { onClose(): void }) {
  const plan = useCampaignPlanStore((s) => s.plan);
  const campaign = useCampaignsStore((s) => s.campaign);
  const busy = useCampaignMonitorStore((s) => s.busy);
  const planning = useCampaignPlanStore((s) => s.planning);
  const actionError = useCampaignMonitorStore((s) => s.actionError);
  const blocker = useLaunchBlocker();
  const [skip, setSkip] = useState(false);
  if (!plan || !campaign) return null;
  const waves = sortedWaves(plan);
  const first = waves[0];
  const last = waves.at(-1);
  const unscheduled = plan.unscheduled.reduce((sum, entry) => sum + entry.recipients, 0);
  const money = (minor: number) => (plan.currency ? formatMoney(minor, plan.currency) : '—');
  const launch = async () => {
    if (await useCampaignsStore.getState().launch({ skipUnscheduled: skip })) onClose();
  };
  return (
    <Dialog title={`Launch "${campaign.name}"?`} onClose={onClose} testId="launch-dialog" wide>
      <div className="dialog-form">
        <p className="confirm-question">This sends real messages and charges the account. Check the numbers:</p>
        <dl className="fixed-facts" data-testid="launch-facts">
          <dt>Recipients</dt>
          <dd data-testid="confirm-recipients">{formatCount(plan.accounting.inWaves)}</dd>
          <LeftOutFacts accounting={plan.accounting} listTestId="confirm-left-out" accountingTestId="confirm-accounting" />
          {plan.estimate.byCountry.some((row) => row.entered) && (
            <>
              <dt>Prices entered by you</dt>
              <dd data-testid="confirm-entered-prices">
                {plan.estimate.byCountry
                  .filter((row) => row.entered)
                  .map((row) => `${row.country} ${row.unitPrice} per SMS`)
                  .join(', ')}
              </dd>
            </>
          )}
          <dt>Units (SMS segments)</dt>
          <dd data-testid="confirm-units">{formatCount(plan.estimate.units)}</dd>
          <dt>Estimated cost</dt>
          <dd data-testid="confirm-cost">{money(plan.estimate.totalMinor)}</dd>
          {plan.budget && (
            <>
              <dt>Available</dt>
              <dd>
                {money(plan.budget.availableMinor)}
                {plan.funds.source === 'none' && (
                  <span className="hint" data-testid="confirm-budget-cap">
                    {' '}
                    (the campaign budget: this account&apos;s API reports no balance, so the launch is held to the budget and the platform refuses what the
                    account cannot pay)
                  </span>
                )}
              </dd>
              <TeammatesReserved teammates={plan.budget.teammates} testId="confirm-teammates-reserved" />
            </>
          )}
          <dt>Waves</dt>
          <dd>{waves.length}</dd>
          <dt>Throttle</dt>
          <dd data-testid="confirm-throttle">
            {campaign.throttlePerMinute === null
              ? 'None: each wave goes out as fast as the account may send'
              : `${formatCount(campaign.throttlePerMinute)} message${campaign.throttlePerMinute === 1 ? '' : 's'} per minute across the campaign: ` +
                'waves are spread over the minutes they need'}
          </dd>
          <DltLaunchSummary />
          <dt>Sending hours</dt>
          <dd data-testid="confirm-send-hours">
            {sendHoursLines(
              plan.estimate.byCountry.map((entry) => entry.country),
              campaign.quietHours,
              campaign.routeType,
            ).map((line) => (
              <div key={line}>{line}</div>
            ))}
          </dd>
          <dt>First wave</dt>
          <dd data-testid="confirm-first" title={first ? formatUtc(first.utc) : undefined}>
            {first ? waveLine(first) : '—'}
          </dd>
          <dt>Last wave</dt>
          <dd data-testid="confirm-last" title={last ? formatUtc(last.utc) : undefined}>
            {last ? waveLine(last) : '—'}
          </dd>
        </dl>
        {unscheduled > 0 && (
          <label className="checkbox">
            <input type="checkbox" checked={skip} onChange={(event) => setSkip(event.target.checked)} />
            Launch without the {unscheduled} recipients who cannot be scheduled
          </label>
        )}
        {(actionError || blocker) && (
          <p className="notice notice--error" role="alert">
            {actionError ?? blocker}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={busy || planning || blocker !== null || (unscheduled > 0 && !skip)} onClick={() => void launch()}>
            {busy ? 'Launching…' : `Launch to ${formatCount(plan.accounting.inWaves)} recipients`}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
