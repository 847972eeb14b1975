import { MAX_RECIPIENTS_PER_SEND } from '../../../shared/kaleyra/sms';

export interface RequestBatch {
  readonly body: string;
  /** The members' indexes, in the order they were given. */
  readonly members: readonly number[];
}

/**
 * Splits one wave into API requests: recipients whose rendered bodies are identical share a
 * request of up to 100 (Kaleyra takes one body for all of a request's recipients); a
 * personalised body that differs from everyone else's goes alone. Bodies keep the order of
 * their first recipient, and recipients keep theirs, so the split is deterministic.
 */
export function batchRequests(members: Iterable<number>, bodyOf: (member: number) => string, maxPerRequest: number = MAX_RECIPIENTS_PER_SEND): RequestBatch[] {
  if (!Number.isInteger(maxPerRequest) || maxPerRequest < 1) throw new RangeError('maxPerRequest must be a positive whole number');
  const byBody = new Map<string, number[]>();
  for (const member of members) {
    const body = bodyOf(member);
    const list = byBody.get(body);
    if (list) list.push(member);
    else byBody.set(body, [member]);
  }
  const batches: RequestBatch[] = [];
  for (const [body, list] of byBody) {
    for (let start = 0; start < list.length; start += maxPerRequest) {
      batches.push({ body, members: list.slice(start, start + maxPerRequest) });
    }
  }
  return batches;
}
