import { calls, type CallInput, type CallName, type CallOutput, type CallResult, type DeskBridge, type DeskEvent } from '../../shared/contract';
import { z } from 'zod';
import { DeskError } from '../../shared/errors';

declare global {
  interface Window {
    desk?: DeskBridge;
    /** Electron only: hands a picked or dropped file to the core by its path (see electron/preload.ts). */
    deskFiles?: { register(file: File): Promise<CallResult> };
  }
}

const TOKEN_KEY = 'campaign-desk-token';
/** Told each time the browser host's event stream (re)opens: events sent before then never arrived. */
const streamConnected = new Set<() => void>();
let httpToken = '';
const lostHost: CallResult = {
  ok: false,
  error: { code: 'INTERNAL', message: 'Lost the connection to Campaign Desk. Make sure it is still running, then reload.' },
};

/**
 * The one place that touches `window.desk`. Inside Electron the preload provides it (IPC); in the
 * browser host the same two verbs go over loopback HTTP with the per-launch token.
 */
function createHttpBridge(): DeskBridge {
  const token = takeToken();
  httpToken = token;
  return {
    async call(name, payload) {
      try {
        const response = await fetch(`/api/call/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-desk-token': token },
          body: JSON.stringify(payload ?? {}),
        });
        if (response.status === 401)
          return { ok: false, error: { code: 'FORBIDDEN_ROLE', message: 'This page has no valid access token: open the link Campaign Desk printed.' } };
        return (await response.json()) as CallResult;
      } catch {
        return lostHost;
      }
    },
    onEvent(listener) {
      const source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
      source.onmessage = (message: MessageEvent<string>) => listener(JSON.parse(message.data) as DeskEvent);
      source.onopen = () => {
        for (const connected of streamConnected) connected();
      };
      return () => source.close();
    },
  };
}

function takeToken(): string {
  const fromFragment = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (fromFragment) {
    sessionStorage.setItem(TOKEN_KEY, fromFragment);
    // Keep the token out of the address bar, history and screenshots.
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return fromFragment;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

let openedBridge: DeskBridge | null = null;
/** Opened at the first call, not at import, so the stores' modules load outside a window too (unit tests). */
const bridge = (): DeskBridge => (openedBridge ??= window.desk ?? createHttpBridge());

export async function call<N extends CallName>(name: N, payload: CallInput<N>): Promise<CallOutput<N>> {
  const result = await bridge().call(name, payload);
  if (!result.ok) throw DeskError.fromShape(result.error);
  return calls[name].output.parse(result.value) as CallOutput<N>;
}

/**
 * Listens to the core's events. `onConnected` runs once the events flow (at once over IPC; when the
 * browser host's stream opens or reopens): state read before that moment may have changed unseen,
 * so it is the place to read it again.
 */
export function onDeskEvent(listener: (event: DeskEvent) => void, onConnected?: () => void): () => void {
  const stop = bridge().onEvent(listener);
  if (!onConnected) return stop;
  if (window.desk) {
    queueMicrotask(onConnected);
    return stop;
  }
  streamConnected.add(onConnected);
  return () => {
    streamConnected.delete(onConnected);
    stop();
  };
}

const uploadedFile = z.strictObject({ uploadId: z.string(), fileName: z.string(), sizeBytes: z.number().int() });
export type UploadedFile = z.infer<typeof uploadedFile>;

/**
 * Gives a file (an audience CSV) to the core and returns its upload id. Electron registers the
 * file's path; the browser host receives the bytes, streamed from disk by fetch.
 */
export async function uploadFile(file: File): Promise<UploadedFile> {
  const result = window.deskFiles ? await window.deskFiles.register(file) : await httpUpload(file);
  if (!result.ok) throw DeskError.fromShape(result.error);
  return uploadedFile.parse(result.value);
}

async function httpUpload(file: File): Promise<CallResult> {
  bridge(); // opening the bridge reads the page's token
  try {
    const response = await fetch('/api/upload', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'x-desk-token': httpToken, 'x-file-name': encodeURIComponent(file.name) },
      body: file,
    });
    return (await response.json()) as CallResult;
  } catch {
    return lostHost;
  }
}
