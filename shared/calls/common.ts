import { z } from 'zod';

export const isoInstant = z.iso.datetime({ offset: false });
export const profileId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);
export const emptyInput = z.strictObject({});
