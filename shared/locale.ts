/**
 * The locale every number, amount and date is shown in. The renderer sets it once from the
 * browser (navigator.language, which follows the OS); elsewhere it is the runtime's own default.
 * Kept apart from format.ts so money.ts can read it without an import cycle.
 */
let chosen: string | null = null;

export function setDisplayLocale(locale: string | null): void {
  chosen = locale && isSupportedLocale(locale) ? locale : null;
}

export function displayLocale(): string {
  return chosen ?? new Intl.NumberFormat().resolvedOptions().locale;
}

function isSupportedLocale(locale: string): boolean {
  try {
    return Intl.NumberFormat.supportedLocalesOf([locale]).length > 0;
  } catch {
    return false;
  }
}
