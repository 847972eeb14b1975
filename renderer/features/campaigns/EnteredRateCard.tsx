import { useEffect, useState } from 'react';
import type { RateCardView } from '../../../shared/calls/rate-card';
import { Field } from '../../components/Field';
import { call } from '../../lib/desk';
import { errorMessage } from '../../lib/error-message';
import { useCampaignPlanStore } from './campaign-plan-store';
import { useCampaignsStore } from './campaigns-store';

const LINE = /^([A-Za-z]{2})\s*[:=,;\s]\s*(\d+(?:[.,]\d+)?)$/;

/** "IN 0.25" per line (also "IN: 0,25", "in=0.25") → prices, or the first line that is not one. */
export function parsePriceLines(text: string): { prices: Array<{ country: string; unitPrice: string }> } | { problem: string } {
  const prices: Array<{ country: string; unitPrice: string }> = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const match = LINE.exec(line);
    if (!match?.[1] || !match[2]) return { problem: `Line ${index + 1} ("${line}") is not a destination and a price: write it like IN 0.25` };
    prices.push({ country: match[1].toUpperCase(), unitPrice: match[2].replace(',', '.') });
  }
  return { prices };
}

function linesOf(view: RateCardView['entered']): string {
  return view ? view.prices.map((price) => `${price.country} ${price.unitPrice}`).join('\n') : '';
}

/**
 * Prices per destination for an account whose API serves no rate card (Kaleyra documents no
 * pricing route): typed once from the customer's price list, kept with the profile, used by every
 * plan, launch and the spend computed from delivery statuses.
 */
export function EnteredRateCard() {
  const planCurrency = useCampaignPlanStore((s) => s.plan?.currency ?? null);
  const [view, setView] = useState<RateCardView | null>(null);
  const [currency, setCurrency] = useState('INR');
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    let current = true;
    void call('rateCard.get', {})
      .then((loaded) => {
        if (!current) return;
        setView(loaded);
        setCurrency(loaded.entered?.currency ?? loaded.currency ?? planCurrency ?? 'INR');
        setText(linesOf(loaded.entered));
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
    // Read once per campaign opened: the card belongs to the profile, not to the plan.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  if (view === null || view.source === 'live') return null;
  const save = async () => {
    setSaved(false);
    const parsed = parsePriceLines(text);
    if ('problem' in parsed) return setProblem(parsed.problem);
    try {
      setView(await call('rateCard.setEntered', { currency: currency.trim().toUpperCase(), prices: parsed.prices }));
      setProblem(null);
      setSaved(true);
      await useCampaignsStore.getState().replan();
    } catch (error) {
      setProblem(errorMessage(error));
    }
  };
  return (
    <section className="card" aria-label="Prices per destination" data-testid="entered-rate-card">
      <h2>Prices per destination</h2>
      <p className="hint">
        {view.source === 'cached'
          ? "This account's API no longer serves a rate card; the plan uses the last one it served. Type your contract's prices to use them instead."
          : "This account's API serves no rate card (Kaleyra documents none). " +
            'Type the price of one SMS unit (one segment) per destination from your Kaleyra price list: ' +
            'plans, the launch and the spend computed from delivery statuses use it.'}
      </p>
      <Field label="Currency" hint="Three letters, as billed: INR, USD…">
        {(control) => (
          <input {...control} value={currency} maxLength={3} onChange={(event) => setCurrency(event.target.value)} data-testid="entered-rate-currency" />
        )}
      </Field>
      <Field label="Price per SMS unit, one destination per line" error={problem ? { message: problem } : null} hint="For example: IN 0.25">
        {(control) => <textarea {...control} rows={5} value={text} onChange={(event) => setText(event.target.value)} data-testid="entered-rate-lines" />}
      </Field>
      <button type="button" onClick={() => void save()} data-testid="entered-rate-save">
        Save prices
      </button>
      {saved && (
        <p className="success" role="status" data-testid="entered-rate-saved">
          Prices saved; the plan uses them.
        </p>
      )}
    </section>
  );
}
