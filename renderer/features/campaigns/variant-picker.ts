import type { VariantInput } from '../../../shared/calls/campaigns';

/**
 * Which variant a recipient receives: the exact language ("pt-BR"), then its primary tag ("pt"),
 * then the default variant (or the only one). Mirrors the main side's picker so the preview shows
 * what will really be sent.
 */
export function pickVariant(variants: readonly VariantInput[], language: string | null): number | undefined {
  const fallback = variants.findIndex((variant) => variant.isDefault);
  const defaultIndex = fallback >= 0 ? fallback : variants.length === 1 ? 0 : undefined;
  if (language === null || language.trim() === '') return defaultIndex;
  const key = language.trim().toLowerCase();
  const primary = key.split(/[-_]/)[0] ?? key;
  const exact = variants.findIndex((variant) => variant.language.toLowerCase() === key);
  if (exact >= 0) return exact;
  const byPrimary = variants.findIndex((variant) => variant.language.toLowerCase() === primary);
  return byPrimary >= 0 ? byPrimary : defaultIndex;
}
