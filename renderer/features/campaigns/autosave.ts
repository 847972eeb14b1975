/**
 * A debounced save that can be flushed. Typing schedules it; leaving the editor, launching or
 * switching profile flushes it, so the last keystrokes are saved rather than dropped with a timer.
 * Saves never overlap: a flush waits for the one in flight, then runs its own.
 */
export interface Autosave {
  /** (Re)starts the delay: the save runs once typing pauses. */
  schedule(): void;
  /** Drops a scheduled save (what it would have saved cannot be saved any more). */
  cancel(): void;
  /** Runs the save now, after any save in flight, and resolves when it has finished. */
  flush(): Promise<void>;
  /** True while a save waits for its delay. */
  isScheduled(): boolean;
}

export function createAutosave(save: () => Promise<void>, options: { delayMs: number }): Autosave {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> | null = null;

  const cancel = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };

  const flush = async () => {
    cancel();
    // A failed save has already told the user; the next one still runs.
    while (running) await running.catch(() => undefined);
    running = save().finally(() => {
      running = null;
    });
    await running;
  };

  return {
    schedule() {
      cancel();
      timer = setTimeout(() => void flush(), options.delayMs);
    },
    cancel,
    flush,
    isScheduled: () => timer !== null,
  };
}
