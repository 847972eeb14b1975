import { formatCount } from '../../shared/format';

/** "1 wave", "3 waves", "1,000 recipients": a count with its noun, in the user's number format. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}
