import type { SmsSendRequest, SmsSendResponse } from '../../../shared/kaleyra/sms';
import type { KaleyraClient } from '../kaleyra/client';
import type { OutboxDltFields } from '../store/outbox-repository';

/**
 * Sends a request with its DLT fields: `template_id` on the text send, or, for a variant sent as
 * a template stored at Kaleyra, the documented template send (`POST /v2/{sid}/sms`) with the
 * variables that render the same body. Requests outside DLT go unchanged.
 */
export function sendWithDltFields(client: KaleyraClient, dlt: OutboxDltFields, request: SmsSendRequest): Promise<SmsSendResponse> {
  if (dlt.dltTemplateId === null) return client.sms.send(request);
  if (dlt.templateData !== null) {
    const { body: _renderedByThePlatform, template_id: _replaced, ...fields } = request;
    return client.sms.sendTemplate({ ...fields, template_id: dlt.dltTemplateId, template_data: dlt.templateData });
  }
  return client.sms.send({ ...request, template_id: dlt.dltTemplateId });
}
