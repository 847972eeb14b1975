/** "1 wave", "3 waves", "1,000 recipients": a count with its noun, in the app's number format. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-IN')} ${count === 1 ? one : many}`;
}
