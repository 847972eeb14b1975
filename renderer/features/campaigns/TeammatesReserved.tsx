import type { BudgetView } from '../../../shared/calls/campaigns';
import { formatMoney } from '../../../shared/money';

/**
 * What teammates' launches on other desktops of this account hold (team workspace), where the
 * user decides: the budget panel and the launch confirmation. Nothing for a profile without a
 * workspace; a sentence when the workspace could not be read.
 */
export function TeammatesReserved({ teammates, testId }: { teammates: BudgetView['teammates']; testId: string }) {
  if (!teammates) return null;
  const { reservations, unknownReason } = teammates;
  return (
    <>
      <dt>Reserved by teammates&apos; launches</dt>
      <dd data-testid={testId}>
        {unknownReason !== null ? (
          <span className="amount--out">{unknownReason}</span>
        ) : reservations.length === 0 ? (
          'None'
        ) : (
          <ul className="left-out-list">
            {reservations.map((reservation) => (
              <li key={`${reservation.campaignName}/${reservation.desktopName}/${reservation.displayName}`}>
                {formatMoney(reservation.amountMinor, reservation.currency)} · “{reservation.campaignName}” by {reservation.displayName} on “
                {reservation.desktopName}”
              </li>
            ))}
          </ul>
        )}
      </dd>
    </>
  );
}
