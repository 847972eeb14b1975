import type { IncomingMessage } from 'node:http';
import type { CallResult } from '../../shared/contract';
import { MAX_UPLOAD_BYTES, UploadTooLargeError, type UploadStore } from '../core/audiences/upload-store';

/**
 * `POST /api/upload`: the renderer streams a file's bytes (an audience CSV) into the core's data
 * folder and gets an opaque upload id back. The request guard (loopback, Host, Origin, token) has
 * already run; this checks the type and the size, before and while reading.
 */
export async function receiveUpload(request: IncomingMessage, uploads: UploadStore, reply: (status: number, body: CallResult) => void): Promise<void> {
  if (!(request.headers['content-type'] ?? '').startsWith('application/octet-stream')) {
    return reply(415, { ok: false, error: { code: 'VALIDATION_FAILED', message: 'Upload the file as application/octet-stream.' } });
  }
  const tooLarge: CallResult = { ok: false, error: { code: 'FILE_UNREADABLE', message: new UploadTooLargeError().message, field: 'file' } };
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_UPLOAD_BYTES) {
    request.resume();
    return reply(413, tooLarge);
  }
  let fileName = 'upload.csv';
  try {
    fileName = decodeURIComponent(String(request.headers['x-file-name'] ?? fileName));
  } catch {
    // A malformed name is not worth refusing the file for.
  }
  try {
    const upload = await uploads.receive(request, fileName);
    reply(200, { ok: true, value: { uploadId: upload.id, fileName: upload.fileName, sizeBytes: upload.sizeBytes } });
  } catch (error) {
    if (error instanceof UploadTooLargeError) return reply(413, tooLarge);
    throw error;
  }
}
