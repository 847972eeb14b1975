import { z } from 'zod';

/**
 * Kaleyra's platform-API envelope:
 * {"code":"RBC103","message":"…","data":…,"error":{},"status":200}
 */
export const apiErrorBody = z.object({
  code: z.string().optional(),
  message: z.string().optional(),
  field: z.string().optional(),
});

export function platformEnvelope<T extends z.ZodType>(data: T) {
  return z.object({
    code: z.string(),
    message: z.string(),
    data,
    error: z.union([apiErrorBody, z.object({}).passthrough()]),
    status: z.number().int(),
  });
}

export const platformErrorEnvelope = z.object({
  code: z.string(),
  message: z.string(),
  data: z.unknown().optional(),
  error: z.object({}).passthrough(),
  status: z.number().int(),
});

export type PlatformErrorEnvelope = z.infer<typeof platformErrorEnvelope>;
