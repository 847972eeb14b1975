import { sandboxCodes } from '../../shared/kaleyra/errors';
import { templateDataKey } from '../../shared/kaleyra/sms';
import type { SmsSendRequest, SmsTemplateSendRequest } from '../../shared/kaleyra/sms';
import { DLT_SLOT } from '../../shared/dlt/template-match';
import type { SandboxStore } from '../store/sandbox-store';
import { SandboxError } from './errors';

/**
 * A template send as the plain send it amounts to: the account's stored text with each `{#var#}`
 * filled from `template_data` (`var1`, `var2`, …). Every key must fill a slot and every slot must
 * be filled, so a typo never sends a half-rendered message.
 */
export function renderTemplateSend(store: SandboxStore, accountSid: string, request: SmsTemplateSendRequest): SmsSendRequest {
  const template = store.templates.find(accountSid, request.template_id);
  if (!template) throw new SandboxError(400, sandboxCodes.templateNotFound, `no stored template ${request.template_id} on this account`, 'template_id');
  const data = request.template_data ?? {};
  const pieces = template.text.split(DLT_SLOT);
  const keys = pieces.slice(1).map((_, index) => templateDataKey(index));
  const missing = keys.filter((key) => !(key in data));
  const unknown = Object.keys(data).filter((key) => !keys.includes(key));
  if (missing.length > 0 || unknown.length > 0) {
    const problems = [
      ...(missing.length > 0 ? [`missing ${missing.join(', ')}`] : []),
      ...(unknown.length > 0 ? [`not in the template: ${unknown.join(', ')}`] : []),
    ];
    throw new SandboxError(
      400,
      sandboxCodes.templateDataInvalid,
      `template_data does not fit template ${request.template_id} (${keys.length} variable(s)): ${problems.join('; ')}`,
      'template_data',
    );
  }
  const body = pieces.map((piece, index) => (index === 0 ? piece : `${String(data[templateDataKey(index - 1)])}${piece}`)).join('');
  const { template_data: _filled, ...rest } = request;
  return { ...rest, body };
}
