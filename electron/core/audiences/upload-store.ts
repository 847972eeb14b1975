import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { stat, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DeskError } from '../../../shared/errors';

export interface Upload {
  id: string;
  path: string;
  fileName: string;
  sizeBytes: number;
  /** Files copied into the data folder are ours to delete; a path registered by Electron is the user's file. */
  owned: boolean;
}

export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

export class UploadTooLargeError extends Error {
  constructor() {
    super(`The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`);
    this.name = 'UploadTooLargeError';
  }
}

/**
 * Files handed to the core for import: the browser host streams the bytes into the data folder;
 * Electron registers the path of a file the user picked or dropped. Either way the renderer only
 * ever holds an opaque id. Uploads live as long as the process: the folder is emptied on start.
 */
export class UploadStore {
  private readonly uploads = new Map<string, Upload>();

  constructor(private readonly dir: string) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
  }

  /** Streams a body into the data folder, refusing it past `maxBytes`. */
  async receive(body: Readable, fileName: string, maxBytes = MAX_UPLOAD_BYTES): Promise<Upload> {
    const id = randomBytes(18).toString('base64url');
    const path = join(this.dir, `${id}.upload`);
    let size = 0;
    try {
      await pipeline(
        body,
        async function* capped(source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            size += chunk.length;
            if (size > maxBytes) throw new UploadTooLargeError();
            yield chunk;
          }
        },
        createWriteStream(path, { flags: 'wx' }),
      );
    } catch (error) {
      await unlink(path).catch(() => undefined);
      throw error;
    }
    return this.add({ id, path, fileName: cleanFileName(fileName), sizeBytes: size, owned: true });
  }

  /** A file on this machine the user chose (Electron passes its path). */
  async register(path: string): Promise<Upload> {
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) throw new DeskError('UPLOAD_NOT_FOUND', 'That file cannot be opened any more. Choose it again.');
    if (info.size > MAX_UPLOAD_BYTES) throw new DeskError('FILE_UNREADABLE', new UploadTooLargeError().message);
    return this.add({ id: randomBytes(18).toString('base64url'), path, fileName: basename(path), sizeBytes: info.size, owned: false });
  }

  get(id: string): Upload {
    const upload = this.uploads.get(id);
    if (!upload) throw new DeskError('UPLOAD_NOT_FOUND', 'The uploaded file is no longer available. Choose the file again.', { field: 'uploadId' });
    return upload;
  }

  /** Forgets an upload once imported, deleting the copy it owns. */
  async release(id: string): Promise<void> {
    const upload = this.uploads.get(id);
    this.uploads.delete(id);
    if (upload?.owned) await unlink(upload.path).catch(() => undefined);
  }

  private add(upload: Upload): Upload {
    this.uploads.set(upload.id, upload);
    return upload;
  }
}

// Control characters have no place in a file name shown back to the user.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

function cleanFileName(name: string): string {
  const cleaned = basename(name.replace(/\\/g, '/')).replace(CONTROL_CHARACTERS, '').trim();
  return cleaned.slice(0, 200) || 'upload.csv';
}
