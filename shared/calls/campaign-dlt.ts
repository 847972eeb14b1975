import { z } from 'zod';
import { dltCheckReport } from '../dlt/compliance';
import { campaignId } from './campaigns';
import { defineCall, defineFeature } from './define';

/** The DLT check of a draft: every Indian recipient's rendered text against its variant's template, the header and the hours. */
export const campaignDltCalls = {
  'campaigns.dltCheck': defineCall({ input: z.strictObject({ id: campaignId }), output: dltCheckReport, access: 'anyone' }),
};

export const campaignDltFeature = defineFeature({ calls: campaignDltCalls });
