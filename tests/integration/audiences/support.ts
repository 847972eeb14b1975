import { Readable } from 'node:stream';
import type { DeskEvent } from '../../../shared/contract';
import { callOk, startTestCore, tempDir } from '../app/support';

// No API call happens during an import: the profile points at a closed port.
const OFFLINE_ACCOUNT = { url: 'http://127.0.0.1:9', sid: 'HXAP00000000000000', apiKey: 'k'.repeat(32), name: 'Offline parent' };

/** A core whose profile points at a closed port (no API call happens during an import); `open` collects what the test closes. */
export async function core(open: Array<{ close(): unknown }>, dataDir = tempDir('desk-audiences-')) {
  const started = await startTestCore(dataDir, OFFLINE_ACCOUNT);
  open.push(started);
  return Object.assign(started, { dataDir });
}

export type TestCore = Awaited<ReturnType<typeof core>>;

export async function upload(c: TestCore, content: string | Buffer, fileName = 'audience.csv'): Promise<string> {
  const received = await c.uploads.receive(Readable.from([typeof content === 'string' ? Buffer.from(content) : content]), fileName);
  return received.id;
}

export function untilEvent(c: TestCore, match: (event: DeskEvent) => boolean, timeoutMs = 30_000): Promise<DeskEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no such event in time')), timeoutMs);
    const stop = c.onEvent((event) => {
      if (!match(event)) return;
      clearTimeout(timer);
      stop();
      resolve(event);
    });
  });
}

export async function importAndWait(c: TestCore, uploadId: string, defaultCountry: string | null = 'IN') {
  const preview = await callOk(c, 'audiences.preview', { uploadId });
  const settled = new Promise<void>((resolve) => {
    const stop = c.onEvent(async (event) => {
      if (event.name !== 'audiences.changed' || event.payload.audienceId === null) return;
      const audience = await callOk(c, 'audiences.get', { audienceId: event.payload.audienceId });
      if (audience.status !== 'importing') {
        stop();
        resolve();
      }
    });
  });
  const { audienceId } = await callOk(c, 'audiences.import', { uploadId, name: 'Diwali list', mapping: preview.suggestedMapping, defaultCountry });
  await settled;
  return { preview, audienceId, audience: await callOk(c, 'audiences.get', { audienceId }) };
}
