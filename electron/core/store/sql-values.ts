import type { MessageStatus } from '../../../shared/message-status';

/**
 * Values of the sets defined in shared/ rendered as SQL literals, for CHECK constraints and
 * `IN (...)` lists written into statements. Only constants go through here, never input: input is
 * always a bound parameter.
 */
export function sqlText(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** `'a', 'b', 'c'`: the inside of an `IN (...)` list. */
export function sqlList(values: readonly string[]): string {
  if (values.length === 0) throw new Error('an SQL IN list needs at least one value');
  return values.map(sqlText).join(', ');
}

/** One message status as an SQL literal (typed, so a misspelt status does not compile). */
export function sqlStatus(status: MessageStatus): string {
  return sqlText(status);
}
