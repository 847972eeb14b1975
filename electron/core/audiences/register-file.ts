import type { CallResult } from '../../../shared/contract';
import { DeskError } from '../../../shared/errors';
import type { UploadStore } from './upload-store';

/** Electron's way in for an import file: its path, registered as an upload, answered as a call result. */
export async function registerFile(uploads: UploadStore, path: string): Promise<CallResult> {
  try {
    const upload = await uploads.register(path);
    return { ok: true, value: { uploadId: upload.id, fileName: upload.fileName, sizeBytes: upload.sizeBytes } };
  } catch (error) {
    if (error instanceof DeskError) return { ok: false, error: error.toShape() };
    return { ok: false, error: { code: 'UPLOAD_NOT_FOUND', message: 'That file cannot be opened. Choose it again.' } };
  }
}
