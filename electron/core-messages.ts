import type { CallResult, DeskEvent } from '../shared/contract';

/** Messages between Electron's main process and the core's utility process (both ours, same build). */
export type MainToCore =
  | { type: 'init'; dataDir: string; version: string }
  | { type: 'call'; id: number; name: string; payload: unknown }
  | { type: 'register-file'; id: number; path: string }
  | { type: 'cipher-result'; id: number; ok: true; value: string }
  | { type: 'cipher-result'; id: number; ok: false; message: string };

export type CoreToMain =
  | { type: 'ready' }
  | { type: 'fatal'; message: string }
  | { type: 'result'; id: number; result: CallResult }
  | { type: 'event'; event: DeskEvent }
  | { type: 'cipher'; id: number; op: 'encrypt' | 'decrypt'; value: string };
