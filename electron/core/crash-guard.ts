import type { Logger } from './log';

/**
 * The core serves every window from one process: an exception nobody caught (a timer's callback,
 * a rejected promise nobody awaited) must not take it down and leave a dead window. It is logged
 * with its stack and the core keeps serving; every write is one transaction, so whatever failed
 * half-way rolled back, and the outbox's timers re-arm on their own.
 */
export function installCrashGuard(log: Logger, target: NodeJS.Process = process): void {
  target.on('uncaughtException', (error: Error) => {
    log.error('uncaught exception; the core keeps serving', { error: String(error), stack: error.stack ?? '' });
  });
  target.on('unhandledRejection', (reason: unknown) => {
    log.error('unhandled rejection; the core keeps serving', { error: String(reason), stack: reason instanceof Error ? (reason.stack ?? '') : '' });
  });
}
