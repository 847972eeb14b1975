/**
 * The last case of an exhaustive `switch`: the compiler proves it unreachable, and should a value
 * from outside the types (a stored row, a message from another process) slip through at run time,
 * the error names it.
 */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value) ?? String(value)}`);
}
