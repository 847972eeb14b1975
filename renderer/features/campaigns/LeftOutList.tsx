import { LEFT_OUT_LABELS, type LeftOutCount } from '../../../shared/left-out';
import { formatCount } from '../../../shared/format';

/** Everyone not in a wave, one line per reason with its count; says "Nobody" when the list is empty. */
export function LeftOutList({ leftOut, testId }: { leftOut: readonly LeftOutCount[]; testId: string }) {
  if (leftOut.length === 0) {
    return (
      <span data-testid={testId} data-total="0">
        Nobody: everyone in the file is in a wave.
      </span>
    );
  }
  const total = leftOut.reduce((sum, entry) => sum + entry.recipients, 0);
  return (
    <ul className="left-out-list" data-testid={testId} data-total={total}>
      {leftOut.map((entry) => (
        <li key={entry.reason} data-reason={entry.reason} data-count={entry.recipients}>
          {formatCount(entry.recipients)} — {LEFT_OUT_LABELS[entry.reason]}
        </li>
      ))}
    </ul>
  );
}

/** "286 in waves + 8 left out = 294 rows in the file". */
export function accountingLine(accounting: { fileRows: number; inWaves: number; leftOut: readonly LeftOutCount[] }): string {
  const left = accounting.leftOut.reduce((sum, entry) => sum + entry.recipients, 0);
  const n = (value: number) => formatCount(value);
  return `${n(accounting.inWaves)} in waves + ${n(left)} left out = ${n(accounting.inWaves + left)} of ${n(accounting.fileRows)} rows in the file`;
}

type Accounting = Parameters<typeof accountingLine>[0];

/** The "Left out" entry of a plan's facts (a `<dl>`): who is not in a wave, and how the file adds up. */
export function LeftOutFacts({ accounting, listTestId, accountingTestId }: { accounting: Accounting; listTestId: string; accountingTestId: string }) {
  return (
    <>
      <dt>Left out</dt>
      <dd>
        <LeftOutList leftOut={accounting.leftOut} testId={listTestId} />
        <span className="hint" data-testid={accountingTestId}>
          {accountingLine(accounting)}
        </span>
      </dd>
    </>
  );
}
