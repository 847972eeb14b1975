import { accountingLine } from './LeftOutList';
import { DateTime } from 'luxon';
import type { CampaignPlan, QuietHours, RouteType, ScheduleSpec } from '../../../shared/calls/campaigns';
import { formatMoney } from '../../../shared/money';
import { SENDING_WINDOW_PRESETS } from '../../../shared/quiet-hours';
import { Field } from '../../components/Field';
import { BudgetPanel } from './BudgetPanel';
import { useCampaignPlanStore } from './campaign-plan-store';
import { useCampaignsStore } from './campaigns-store';
import { WaveTimeline } from './WaveTimeline';
import { excludedText, spreadProblem, waveSpreadLabel } from './guard-rails';
import { explainWave, formatUtc, sortedWaves } from './wave-notes';
import { describePlanDiff, diffPlans } from './plan-diff';
import { plural } from '../../lib/plural';
import { formatCount, formatShortDateTime, localZone } from '../../../shared/format';
import { useSharedCampaignsStore } from './shared-campaigns-store';

const COMMON_ZONES = [
  'Asia/Kolkata',
  'Asia/Dubai',
  'Asia/Singapore',
  'Europe/London',
  'Europe/Berlin',
  'America/New_York',
  'America/Chicago',
  'America/Los_Angeles',
  'Australia/Sydney',
  'Asia/Kathmandu',
];

type Mode = ScheduleSpec['kind'];

export function ScheduleSection() {
  const form = useCampaignsStore((s) => s.form);
  const campaign = useCampaignsStore((s) => s.campaign);
  const planProblem = useCampaignPlanStore((s) => s.planProblem);
  const fieldErrors = useCampaignsStore((s) => s.fieldErrors);
  const saveState = useCampaignsStore((s) => s.saveState);
  // Another account's draft (a parent manager's view) or a teammate's launch: shown, not changed here.
  const readOnly = useSharedCampaignsStore((s) => (campaign ? s.isReadOnly(campaign.id) : false));
  if (!form || !campaign) return null;
  const edit = useCampaignsStore.getState().edit;
  const editable = campaign.status === 'draft' && !readOnly;
  const schedule = form.schedule;
  const errorOf = (field: string) => {
    const message =
      Object.entries(fieldErrors).find(([key]) => key === field || key.startsWith(`${field}.`))?.[1] ??
      (planProblem?.field === field && saveState === 'saved' ? planProblem.message : undefined);
    return message ? { message } : null;
  };

  const setMode = (mode: Mode) => {
    if (mode === 'local') edit({ schedule: { kind: 'local', localDate: tomorrow(), localTime: '10:00' } });
    else if (mode === 'instant')
      edit({ schedule: { kind: 'instant', utc: DateTime.utc().plus({ hours: 1 }).startOf('hour').toISO({ suppressMilliseconds: true }) ?? '' } });
    else edit({ schedule: { kind: 'now' } });
  };

  return (
    <>
      <div className="schedule-layout">
        <div className="schedule-main">
          <fieldset className="campaign-fieldset card" disabled={!editable}>
            <legend className="visually-hidden">Schedule</legend>
            <fieldset className="choice-group">
              <legend>When to send</legend>
              <label>
                <input type="radio" name="schedule-mode" checked={schedule?.kind === 'local'} onChange={() => setMode('local')} />
                At a local time in each recipient&apos;s time zone
              </label>
              <label>
                <input type="radio" name="schedule-mode" checked={schedule?.kind === 'instant'} onChange={() => setMode('instant')} />
                At one instant for everybody
              </label>
              <label>
                <input type="radio" name="schedule-mode" checked={schedule?.kind === 'now'} onChange={() => setMode('now')} />
                Now (as soon as it is launched, within quiet hours)
              </label>
            </fieldset>
            {errorOf('schedule') && !schedule && (
              <p className="field-error" role="alert">
                {errorOf('schedule')?.message}
              </p>
            )}
            {schedule?.kind === 'local' && <LocalTimeFields schedule={schedule} error={errorOf('schedule')} />}
            {schedule?.kind === 'instant' && (
              <Field label="Send at (your local time)" error={errorOf('schedule')} hint={`Saved as ${formatUtc(schedule.utc)}`}>
                {(control) => (
                  <input
                    {...control}
                    type="datetime-local"
                    value={DateTime.fromISO(schedule.utc, { zone: 'utc' }).toLocal().toFormat("yyyy-LL-dd'T'HH:mm")}
                    onChange={(event) => {
                      const utc = DateTime.fromISO(event.target.value).toUTC().toISO({ suppressMilliseconds: true });
                      if (utc) edit({ schedule: { kind: 'instant', utc } });
                    }}
                  />
                )}
              </Field>
            )}
            {schedule !== null && schedule.kind !== 'now' && (
              <Field
                label="When a wave's time has already passed"
                error={errorOf('whenPassed')}
                hint="Without a choice, those recipients are listed below and the launch asks you."
              >
                {(control) => (
                  <select
                    {...control}
                    value={form.whenPassed ?? ''}
                    onChange={(event) => edit({ whenPassed: event.target.value === '' ? null : (event.target.value as 'skip' | 'send-now' | 'next-day') })}
                  >
                    <option value="">Ask me before launch</option>
                    <option value="next-day">Send at the same local time the next day</option>
                    <option value="send-now">Send as soon as launched</option>
                    <option value="skip">Leave those recipients out</option>
                  </select>
                )}
              </Field>
            )}
            <QuietHoursFields quietHours={form.quietHours} routeType={form.routeType} />
            <Field
              label="Fallback time zone"
              error={errorOf('fallbackZone')}
              hint="For recipients whose zone is unknown or ambiguous. Leave empty to hold them back."
            >
              {(control) => (
                <>
                  <input
                    {...control}
                    list="campaign-zones"
                    value={form.fallbackZone ?? ''}
                    placeholder="e.g. Asia/Kolkata"
                    onChange={(event) => edit({ fallbackZone: event.target.value.trim() === '' ? null : event.target.value.trim() })}
                  />
                  <datalist id="campaign-zones">
                    {COMMON_ZONES.map((zone) => (
                      <option key={zone} value={zone} />
                    ))}
                  </datalist>
                </>
              )}
            </Field>
            <Field label="Stop starting waves after (optional)" error={errorOf('windowEnd')}>
              {(control) => (
                <input
                  {...control}
                  type="datetime-local"
                  value={form.windowEnd ? DateTime.fromISO(form.windowEnd, { zone: 'utc' }).toLocal().toFormat("yyyy-LL-dd'T'HH:mm") : ''}
                  onChange={(event) =>
                    edit({ windowEnd: event.target.value === '' ? null : DateTime.fromISO(event.target.value).toUTC().toISO({ suppressMilliseconds: true }) })
                  }
                />
              )}
            </Field>
            <GuardRailFields errorOf={errorOf} />
          </fieldset>
        </div>
        {editable && (
          <aside className="schedule-aside" aria-label="Budget">
            <BudgetPanel compact />
          </aside>
        )}
      </div>
      <PlanView />
    </>
  );
}

/** A whole number or empty (null); anything else is kept as typed so validation can say what is wrong. */
function wholeOrNull(text: string): number | null {
  return text.trim() === '' ? null : Number(text);
}

/** Throttle and frequency cap: how fast the campaign's waves go out, and who is left out for being messaged lately. */
function GuardRailFields({ errorOf }: { errorOf(field: string): { message: string } | null }) {
  const edit = useCampaignsStore.getState().edit;
  const throttle = useCampaignsStore((s) => s.form?.throttlePerMinute ?? null);
  const cap = useCampaignsStore((s) => s.form?.frequencyCapHours ?? null);
  return (
    <div className="inline-form guard-rail-fields">
      <OptionalWholeNumberField
        label="Throttle (messages per minute, optional)"
        error={errorOf('throttlePerMinute')}
        hint={
          'Caps the whole campaign per minute, waves that overlap included: 2,500 recipients at 60 per minute go out over about 42 minutes. ' +
          "Empty: as fast as the account may send (Kaleyra's guidance, 50,000 per 5 minutes)."
        }
        testId="throttle-field"
        max={100000}
        value={throttle}
        placeholder="As fast as allowed"
        onChange={(throttlePerMinute) => edit({ throttlePerMinute })}
      />
      <OptionalWholeNumberField
        label="Frequency cap (hours, optional)"
        error={errorOf('frequencyCapHours')}
        hint={
          'Leaves out recipients this sub-account messaged in the last so many hours (1–720). ' +
          'Empty: no cap. Numbers on the suppression list are always left out.'
        }
        testId="frequency-cap-field"
        max={720}
        value={cap}
        placeholder="No cap"
        onChange={(frequencyCapHours) => edit({ frequencyCapHours })}
      />
    </div>
  );
}

interface OptionalWholeNumberFieldProps {
  label: string;
  error: { message: string } | null;
  hint: string;
  testId: string;
  max: number;
  value: number | null;
  /** Says what an empty field means. */
  placeholder: string;
  onChange(value: number | null): void;
}

/** A field for a whole number from 1 to `max`, or empty for none. */
function OptionalWholeNumberField({ label, error, hint, testId, max, value, placeholder, onChange }: OptionalWholeNumberFieldProps) {
  return (
    <Field label={label} error={error} hint={hint} testId={testId}>
      {(control) => (
        <input
          {...control}
          type="number"
          inputMode="numeric"
          min={1}
          max={max}
          step={1}
          value={value ?? ''}
          placeholder={placeholder}
          onChange={(event) => onChange(wholeOrNull(event.target.value))}
        />
      )}
    </Field>
  );
}

function tomorrow(): string {
  return DateTime.local().plus({ days: 1 }).toFormat('yyyy-LL-dd');
}

function LocalTimeFields({ schedule, error }: { schedule: Extract<ScheduleSpec, { kind: 'local' }>; error: { message: string } | null }) {
  const edit = useCampaignsStore.getState().edit;
  const shift = (hours: number, days: number) => {
    const base = DateTime.fromISO(`${schedule.localDate}T${schedule.localTime}`, { zone: 'utc' }).plus({ hours, days });
    if (base.isValid) edit({ schedule: { kind: 'local', localDate: base.toFormat('yyyy-LL-dd'), localTime: base.toFormat('HH:mm') } });
  };
  return (
    <div className="inline-form local-time">
      <Field label="Date (each recipient's local date)" error={error}>
        {(control) => (
          <input
            {...control}
            type="date"
            value={schedule.localDate}
            onChange={(event) => event.target.value && edit({ schedule: { ...schedule, localDate: event.target.value } })}
          />
        )}
      </Field>
      <Field label="Send time (local)">
        {(control) => (
          <input
            {...control}
            type="time"
            step={60}
            value={schedule.localTime}
            onChange={(event) => event.target.value && edit({ schedule: { ...schedule, localTime: event.target.value.slice(0, 5) } })}
          />
        )}
      </Field>
      <PlanSummaryLine />
      <div className="what-if-buttons" role="group" aria-label="What if">
        <button type="button" onClick={() => shift(-1, 0)}>
          1 hour earlier
        </button>
        <button type="button" onClick={() => shift(1, 0)}>
          1 hour later
        </button>
        <button type="button" onClick={() => shift(0, -1)}>
          Day before
        </button>
        <button type="button" onClick={() => shift(0, 1)}>
          Day after
        </button>
      </div>
    </div>
  );
}

/** The plan in one line next to the "what if" buttons, so a change shows its effect at once. */
function PlanSummaryLine() {
  const plan = useCampaignPlanStore((s) => s.plan);
  const planning = useCampaignPlanStore((s) => s.planning);
  if (!plan) return null;
  const figures = figuresOf(plan);
  return (
    <p className="plan-summary-line hint" role="status" data-testid="plan-summary" aria-busy={planning}>
      {plural(figures.waves, 'wave')} · {figures.moved} moved by quiet hours · {figures.unscheduled} not scheduled ·{' '}
      {plan.currency ? formatMoney(figures.cost, plan.currency) : '—'}
    </p>
  );
}

function QuietHoursFields({ quietHours, routeType }: { quietHours: QuietHours; routeType: RouteType }) {
  const promotional = routeType === 'promotional';
  const edit = useCampaignsStore.getState().edit;
  const custom = quietHours.mode === 'custom' ? (quietHours.otherwise ?? { from: '08:00', until: '21:00', noSendDays: [] }) : null;
  const setCustom = (from: string, until: string) => {
    const window = { from, until, noSendDays: [] };
    // The same window everywhere: it replaces every country preset too.
    const byCountry = Object.fromEntries(Object.keys(SENDING_WINDOW_PRESETS).map((country) => [country, window]));
    edit({ quietHours: { mode: 'custom', byCountry, otherwise: window } });
  };
  return (
    <fieldset className="choice-group">
      <legend>Quiet hours</legend>
      <label>
        <input type="radio" name="quiet-hours" checked={quietHours.mode === 'presets'} onChange={() => edit({ quietHours: { mode: 'presets' } })} />
        Per-country rules (e.g. India 09:00–21:00, US 08:00–21:00, France no Sundays)
      </label>
      <label>
        <input type="radio" name="quiet-hours" checked={quietHours.mode === 'custom'} onChange={() => setCustom('08:00', '21:00')} />
        One sending window everywhere
      </label>
      {custom && (
        <div className="inline-form nested-fields">
          <label>
            Send from
            <input type="time" value={custom.from} onChange={(event) => event.target.value && setCustom(event.target.value.slice(0, 5), custom.until)} />
          </label>
          <label>
            until
            <input type="time" value={custom.until} onChange={(event) => event.target.value && setCustom(custom.from, event.target.value.slice(0, 5))} />
          </label>
        </div>
      )}
      <label>
        <input
          type="radio"
          name="quiet-hours"
          checked={quietHours.mode === 'off'}
          disabled={promotional}
          aria-describedby="quiet-hours-legal"
          onChange={() => edit({ quietHours: { mode: 'off' } })}
        />
        No quiet hours (transactional messages only)
      </label>
      {promotional && (
        <p className="hint" id="quiet-hours-legal" data-testid="quiet-hours-legal">
          Promotional messages always keep quiet hours, and each country’s legal hours apply whatever you choose here (India 09:00–21:00, US 08:00–21:00, France
          08:00–22:00 and never on Sundays).
          {quietHours.mode === 'off' && ' Choose per-country rules or one sending window, or send this as a transactional message.'}
        </p>
      )}
    </fieldset>
  );
}

interface PlanFigures {
  waves: number;
  moved: number;
  unscheduled: number;
  cost: number;
}

function figuresOf(plan: CampaignPlan): PlanFigures {
  return {
    waves: plan.waves.length,
    moved: plan.waves.filter((wave) => wave.adjustments.some((adjustment) => adjustment.reason === 'quiet-hours')).length,
    unscheduled: plan.unscheduled.reduce((sum, entry) => sum + entry.recipients, 0),
    cost: plan.estimate.totalMinor,
  };
}

/** The waves as a timeline and a table, with what changed since the previous plan ("what if"). */
function PlanView() {
  const plan = useCampaignPlanStore((s) => s.plan);
  const planProblem = useCampaignPlanStore((s) => s.planProblem);
  const planning = useCampaignPlanStore((s) => s.planning);
  const launched = useCampaignsStore((s) => s.campaign !== null && s.campaign.status !== 'draft');
  const frequencyCapHours = useCampaignsStore((s) => s.campaign?.frequencyCapHours ?? null);
  const previousPlan = useCampaignPlanStore((s) => s.previousPlan);

  if (launched) {
    return (
      <div className="card" data-testid="plan-launched">
        <h2>Waves</h2>
        <p className="hint">This campaign has been launched: its waves, with what each has delivered and cost, are on the Monitor step.</p>
      </div>
    );
  }
  if (!plan) {
    return (
      <div className="card" data-testid="plan-empty">
        <h2>Waves</h2>
        <p className="hint">{planning ? 'Planning…' : (planProblem?.message ?? 'Choose an audience, write the message and pick a time to see the waves.')}</p>
      </div>
    );
  }
  const waves = sortedWaves(plan);
  const currency = plan.currency;
  const money = (minor: number) => (currency ? formatMoney(minor, currency) : '—');
  const excluded = excludedText(plan, frequencyCapHours);
  return (
    <div className="card plan-view" data-testid="plan-view" aria-busy={planning}>
      <h2>
        Waves{' '}
        <span className="hint">
          {plural(waves.length, 'wave')} · {plural(plan.accounting.inWaves, 'recipient')} · {money(plan.estimate.totalMinor)}
        </span>
      </h2>
      <p className="hint" data-testid="plan-accounting" data-in-waves={plan.accounting.inWaves} data-file-rows={plan.accounting.fileRows}>
        {accountingLine(plan.accounting)}
      </p>
      {previousPlan && (
        <p className="what-if" data-testid="what-if" role="status">
          What changed: {describePlanDiff(diffPlans(previousPlan, plan), money)}
        </p>
      )}
      {excluded && (
        <p className="hint" data-testid="plan-excluded" role="note">
          {excluded}
        </p>
      )}
      {plan.unscheduled.length > 0 && (
        <div className="notice notice--warn" data-testid="unscheduled" role="note">
          <strong>{plan.unscheduled.reduce((sum, entry) => sum + entry.recipients, 0)} recipients are not scheduled:</strong>
          <ul>
            {plan.unscheduled.map((entry, index) => (
              <li key={index}>
                {entry.recipients} · {entry.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <WaveTimeline plan={plan} />
      <div className="table-scroll">
        <table className="data-table waves-table" aria-label="Waves">
          <thead>
            <tr>
              <th>Zone</th>
              <th>Local time</th>
              <th>Sending (local)</th>
              <th>Your time ({localZone()})</th>
              <th className="numeric">Recipients</th>
              <th className="numeric">Units</th>
              <th className="numeric">Cost</th>
              <th>Notes</th>
            </tr>
          </thead>
          <tbody>
            {waves.map((wave) => {
              const { mark, notes } = explainWave(wave, plan.generatedAt);
              const late = spreadProblem(wave);
              if (late) notes.push(late);
              return (
                <tr
                  key={wave.id}
                  data-testid="wave-row"
                  data-mark={mark}
                  data-late={wave.spreadsPastWindow ? 'true' : undefined}
                  data-zone={wave.zone}
                  data-recipients={wave.recipients}
                >
                  <td>{wave.zone}</td>
                  <td>
                    {wave.localDate} {wave.localTime}
                  </td>
                  <td data-testid="wave-spread" className={late ? 'wave-spread--late' : undefined}>
                    {waveSpreadLabel(wave)}
                  </td>
                  <td title={formatUtc(wave.utc)}>{formatShortDateTime(wave.utc)}</td>
                  <td className="numeric">{formatCount(wave.recipients)}</td>
                  <td className="numeric">{formatCount(wave.units)}</td>
                  <td className="numeric">{money(wave.costMinor)}</td>
                  <td className="wave-notes">{notes.length ? notes.join(' ') : wave.submit === 'immediate' ? 'Sent on launch.' : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
