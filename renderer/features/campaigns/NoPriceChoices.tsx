import { useState } from 'react';
import type { CampaignPlan, NoPriceChoice } from '../../../shared/calls/campaigns';
import { useCampaignsStore } from './campaigns-store';
import { formatCount } from '../../../shared/format';

const PRICE = /^\d{1,6}(\.\d{1,9})?$/;

/**
 * A destination the rate card has no price for is never a dead end: leave its recipients out, or
 * enter a price for this campaign (shown as entered by you wherever the cost appears).
 */
export function NoPriceChoices({ plan }: { plan: CampaignPlan }) {
  const form = useCampaignsStore((s) => s.form);
  const edit = useCampaignsStore((s) => s.edit);
  if (!form) return null;
  const choices = form.noPriceChoices;
  const choose = (country: string, choice: NoPriceChoice | null) => {
    const others = Object.fromEntries(Object.entries(choices).filter(([key]) => key !== country));
    edit({ noPriceChoices: choice === null ? others : { ...others, [country]: choice } });
  };
  const decided = Object.entries(choices);
  if (plan.estimate.unpriced.length === 0 && decided.length === 0) return null;
  return (
    <div className="no-price-choices" data-testid="no-price-choices">
      {plan.estimate.unpriced.map((entry) => {
        const country = entry.country ?? '001';
        return (
          <UnpricedDestination
            key={country}
            country={country}
            recipients={entry.recipients}
            currency={plan.currency}
            onChoose={(choice) => choose(country, choice)}
          />
        );
      })}
      {decided.length > 0 && (
        <ul className="hint" data-testid="no-price-decisions">
          {decided.map(([country, choice]) => (
            <li key={country} data-country={country}>
              {country}: {choice.action === 'leave-out' ? 'recipients left out (no price)' : `price entered by you, ${choice.unitPrice} per SMS`}{' '}
              <button type="button" className="link-button" onClick={() => choose(country, null)}>
                Undo
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function UnpricedDestination({
  country,
  recipients,
  currency,
  onChoose,
}: {
  country: string;
  recipients: number;
  currency: string | null;
  onChoose(choice: NoPriceChoice): void;
}) {
  const [price, setPrice] = useState('');
  const valid = PRICE.test(price.trim());
  const label = country === '001' ? 'numbers of no country' : country;
  return (
    <div className="notice notice--error" data-testid="unpriced-destination" data-country={country} role="group" aria-label={`No price for ${label}`}>
      <p>
        {formatCount(recipients)} recipient{recipients === 1 ? '' : 's'} in {label}: the rate card has no price for this destination, so the cost cannot be
        checked. Choose one:
      </p>
      <div className="row-actions">
        <button type="button" data-testid="leave-out-unpriced" onClick={() => onChoose({ action: 'leave-out' })}>
          Leave them out
        </button>
        <label>
          or price per SMS{currency ? ` (${currency})` : ''}
          <input
            className="mono"
            inputMode="decimal"
            value={price}
            placeholder="0.045"
            aria-label={`Price per SMS for ${label}`}
            aria-invalid={price !== '' && !valid}
            onChange={(event) => setPrice(event.target.value)}
          />
        </label>
        <button type="button" data-testid="enter-price" disabled={!valid} onClick={() => onChoose({ action: 'price', unitPrice: price.trim() })}>
          Use this price
        </button>
      </div>
    </div>
  );
}
