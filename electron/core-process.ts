/// <reference types="electron" />
/**
 * Entry of the core's utility process (Electron). better-sqlite3 is synchronous, so the store and
 * sync live here, away from the main process that keeps windows responsive. safeStorage exists only
 * in the main process, so the cipher asks main over the parent port.
 */
import type { CoreToMain, MainToCore } from './core-messages';
import { registerFile } from './core/audiences/register-file';
import { installCrashGuard } from './core/crash-guard';
import { createLogger } from './core/log';
import { startRuntime, type Runtime } from './core/runtime';
import type { SecretCipher } from './core/secrets/secret-cipher';

const port = process.parentPort;
const log = createLogger('core-process');
installCrashGuard(log);
const send = (message: CoreToMain) => port.postMessage(message);

let nextCipherId = 1;
const pendingCipher = new Map<number, { resolve(value: string): void; reject(error: Error): void }>();
const cipherOp = (op: 'encrypt' | 'decrypt', value: string) =>
  new Promise<string>((resolve, reject) => {
    const id = nextCipherId++;
    pendingCipher.set(id, { resolve, reject });
    send({ type: 'cipher', id, op, value });
  });
const osKeychainCipher: SecretCipher = {
  kind: 'os-keychain',
  encrypt: (plain) => cipherOp('encrypt', plain),
  decrypt: (sealed) => cipherOp('decrypt', sealed),
};

let runtime: Runtime | null = null;

port.on('message', (event: { data: MainToCore }) => {
  const message = event.data;
  switch (message.type) {
    case 'init':
      void startRuntime({ dataDir: message.dataDir, cipher: osKeychainCipher, host: 'electron', version: message.version, log, embeddedSandbox: true })
        .then((started) => {
          runtime = started;
          started.core.onEvent((deskEvent) => send({ type: 'event', event: deskEvent }));
          send({ type: 'ready' });
        })
        .catch((error: unknown) => send({ type: 'fatal', message: error instanceof Error ? error.message : String(error) }));
      return;
    case 'call': {
      if (!runtime) {
        send({ type: 'result', id: message.id, result: { ok: false, error: { code: 'INTERNAL', message: 'Campaign Desk is still starting.' } } });
        return;
      }
      void runtime.core.call(message.name, message.payload).then((result) => send({ type: 'result', id: message.id, result }));
      return;
    }
    case 'register-file': {
      if (!runtime) {
        send({ type: 'result', id: message.id, result: { ok: false, error: { code: 'INTERNAL', message: 'Campaign Desk is still starting.' } } });
        return;
      }
      void registerFile(runtime.core.uploads, message.path).then((result) => send({ type: 'result', id: message.id, result }));
      return;
    }
    case 'cipher-result': {
      const pending = pendingCipher.get(message.id);
      pendingCipher.delete(message.id);
      if (message.ok) pending?.resolve(message.value);
      else pending?.reject(new Error(message.message));
      return;
    }
  }
});

process.on('SIGTERM', () => void runtime?.close().finally(() => process.exit(0)));
