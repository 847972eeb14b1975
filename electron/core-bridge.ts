import { safeStorage, utilityProcess, type UtilityProcess } from 'electron';
import type { CallResult, DeskEvent } from '../shared/contract';
import type { CoreToMain, MainToCore } from './core-messages';

export interface CoreBridge {
  call(name: string, payload: unknown): Promise<CallResult>;
  /** Hands the core a file the user picked (its path); answers an upload id. */
  registerFile(path: string): Promise<CallResult>;
  onEvent(listener: (event: DeskEvent) => void): void;
  stop(): void;
}

/** Forks the core's utility process and speaks to it; answers its safeStorage requests. */
export function startCoreProcess(entry: string, dataDir: string, version: string): Promise<CoreBridge> {
  const child: UtilityProcess = utilityProcess.fork(entry, [], { serviceName: 'Campaign Desk core', stdio: 'inherit' });
  const send = (message: MainToCore) => child.postMessage(message);
  const pending = new Map<number, (result: CallResult) => void>();
  const listeners: Array<(event: DeskEvent) => void> = [];
  let nextId = 1;

  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      for (const settle of pending.values())
        settle({ ok: false, error: { code: 'INTERNAL', message: 'The background worker stopped. Restart Campaign Desk.' } });
      pending.clear();
      reject(new Error(`core process exited with code ${code}`));
    });
    child.on('message', (message: CoreToMain) => {
      switch (message.type) {
        case 'ready':
          resolve({
            call(name, payload) {
              const id = nextId++;
              return new Promise<CallResult>((settle) => {
                pending.set(id, settle);
                send({ type: 'call', id, name, payload });
              });
            },
            registerFile(path) {
              const id = nextId++;
              return new Promise<CallResult>((settle) => {
                pending.set(id, settle);
                send({ type: 'register-file', id, path });
              });
            },
            onEvent: (listener) => listeners.push(listener),
            stop: () => child.kill(),
          });
          return;
        case 'fatal':
          reject(new Error(message.message));
          return;
        case 'result':
          pending.get(message.id)?.(message.result);
          pending.delete(message.id);
          return;
        case 'event':
          listeners.forEach((listener) => listener(message.event));
          return;
        case 'cipher':
          send(runCipher(message.id, message.op, message.value));
          return;
      }
    });
    send({ type: 'init', dataDir, version });
  });
}

function runCipher(id: number, op: 'encrypt' | 'decrypt', value: string): MainToCore {
  try {
    if (!safeStorage.isEncryptionAvailable()) throw new Error('The OS keychain is not available.');
    const result = op === 'encrypt' ? safeStorage.encryptString(value).toString('base64') : safeStorage.decryptString(Buffer.from(value, 'base64'));
    return { type: 'cipher-result', id, ok: true, value: result };
  } catch (error) {
    return { type: 'cipher-result', id, ok: false, message: error instanceof Error ? error.message : 'keychain error' };
  }
}
