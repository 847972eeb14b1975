import { z } from 'zod';
import { emptyInput } from './common';
import { defineCall } from './define';

export const appCalls = {
  'app.info': defineCall({
    input: emptyInput,
    output: z.strictObject({ version: z.string(), host: z.enum(['electron', 'browser']) }),
    access: 'anyone',
  }),
};
