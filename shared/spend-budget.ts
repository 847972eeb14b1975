/** The share used of a budget, 0..1 (capped), or null when there is no budget to compare with. */
export function usedShare(usedMinor: number, budgetMinor: number | null): number | null {
  if (budgetMinor === null || budgetMinor <= 0) return null;
  return Math.min(1, Math.max(0, usedMinor / budgetMinor));
}
