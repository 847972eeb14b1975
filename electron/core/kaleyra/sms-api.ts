import {
  optOutsResponse,
  smsCancelResponse,
  smsLogsResponse,
  smsSendResponse,
  smsStatusResponse,
  type OptOutsResponse,
  type SmsLogsResponse,
  type SmsSendRequest,
  type SmsSendResponse,
  type SmsStatusResponse,
  type SmsTemplateSendRequest,
} from '../../../shared/kaleyra/sms';
import { sidPath, type KaleyraHttp } from './http';

/** Kaleyra's status API takes a list of ids; this many per request keeps URLs short. */
export const STATUS_IDS_PER_REQUEST = 100;

/** `/v1/{sid}/sms`: sending, statuses, and the sandbox's [ours] logs and scheduled-send cancellation. */
export class SmsApi {
  constructor(private readonly http: KaleyraHttp) {}

  private get base(): string {
    return `/v1/${sidPath(this.http.sid)}/sms`;
  }

  /** Sends one body to up to 100 recipients; `ref_custom` carries the idempotency reference. */
  send(request: SmsSendRequest): Promise<SmsSendResponse> {
    return this.http.request('POST', this.base, smsSendResponse, request, 'send answer');
  }

  /**
   * Kaleyra's template send (`POST /v2/{sid}/sms`): the platform renders the stored template
   * `template_id` with `template_data` (`var1`, `var2`, …) and sends that text.
   */
  sendTemplate(request: SmsTemplateSendRequest): Promise<SmsSendResponse> {
    return this.http.request('POST', `/v2/${sidPath(this.http.sid)}/sms`, smsSendResponse, request, 'send answer');
  }

  /** Documented: the status of each message id (unknown ids are simply absent). */
  async status(messageIds: readonly string[]): Promise<SmsStatusResponse['data']> {
    const query = new URLSearchParams({ message_ids: messageIds.join(',') });
    const body = await this.http.request('GET', `${this.base}/status?${query.toString()}`, smsStatusResponse, undefined, 'status list');
    return body.data;
  }

  /**
   * [ours] Every status change since a cursor, oldest first. A real account answers 404
   * (API_NOT_AVAILABLE): callers fall back to `status`.
   */
  logs(since: string | null, limit: number): Promise<SmsLogsResponse> {
    const query = new URLSearchParams({ limit: String(limit) });
    if (since !== null) query.set('since', since);
    return this.http.request('GET', `${this.base}/logs?${query.toString()}`, smsLogsResponse, undefined, 'message log');
  }

  /**
   * [ours] The numbers that answered STOP to this account's family; a real account answers 404
   * (API_NOT_AVAILABLE) and its opt-outs are then handled by the platform alone.
   */
  async optOuts(): Promise<OptOutsResponse['data']> {
    const body = await this.http.request('GET', `/v1/${sidPath(this.http.sid)}/optouts`, optOutsResponse, undefined, 'opt-out list');
    return body.data;
  }

  /** [ours] Cancels what is still scheduled of one send; Kaleyra documents no such call. */
  cancelScheduled(sendId: string): Promise<{ cancelled: number }> {
    return this.http.request('DELETE', `${this.base}/scheduled/${encodeURIComponent(sendId)}`, smsCancelResponse, undefined, 'cancellation');
  }
}
