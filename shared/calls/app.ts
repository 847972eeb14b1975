import { z } from 'zod';
import { emptyInput } from './common';
import { defineCall, defineFeature } from './define';

export const appCalls = {
  'app.info': defineCall({
    input: emptyInput,
    output: z.strictObject({ version: z.string(), host: z.enum(['electron', 'browser']) }),
    access: 'anyone',
  }),
};

export const appFeature = defineFeature({ calls: appCalls });
