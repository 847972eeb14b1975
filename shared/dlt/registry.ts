import { z } from 'zod';
import { dltCategory, dltEntityId, dltTemplateId, headerProblem } from './categories';
import { DLT_SLOT, slotCount } from './template-match';

/** A header (sender ID) registered for one category. */
export const dltHeader = z.strictObject({ header: z.string().trim().min(1).max(20), category: dltCategory }).superRefine((value, context) => {
  const problem = headerProblem(value.header, value.category);
  if (problem) context.addIssue({ code: 'custom', message: problem, path: ['header'] });
});
export type DltHeader = z.infer<typeof dltHeader>;

/** Registered texts run to a few hundred characters; 2,000 leaves room for long service messages. */
export const DLT_TEMPLATE_TEXT_MAX = 2_000;

/** `{#VAR#}`, `{# var #}` as some portals export them, read as `{#var#}`. */
export function normaliseSlots(text: string): string {
  return text.replace(/\{#\s*var\s*#\}/gi, DLT_SLOT);
}

export const dltTemplate = z.strictObject({
  templateId: dltTemplateId,
  name: z.string().trim().max(120).default(''),
  header: z.string().trim().min(1).max(20),
  category: dltCategory,
  text: z.string().trim().min(1, 'Enter the registered text').max(DLT_TEMPLATE_TEXT_MAX).transform(normaliseSlots),
});
export type DltTemplate = z.output<typeof dltTemplate>;

export const dltTemplateView = z.strictObject({
  templateId: z.string(),
  name: z.string(),
  header: z.string(),
  category: dltCategory,
  text: z.string(),
  slots: z.number().int(),
});
export type DltTemplateView = z.infer<typeof dltTemplateView>;

export const dltRegistryView = z.strictObject({
  entityId: z.string().nullable(),
  headers: z.array(z.strictObject({ header: z.string(), category: dltCategory })),
  templates: z.array(dltTemplateView),
});
export type DltRegistryView = z.infer<typeof dltRegistryView>;

export function templateView(template: DltTemplate): DltTemplateView {
  return { ...template, slots: slotCount(template.text) };
}

export { dltEntityId };
