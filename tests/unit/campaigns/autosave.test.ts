import { describe, expect, it } from 'vitest';
import { createAutosave } from '../../../renderer/features/campaigns/autosave';
import { beforeProfileSwitch, finishBeforeProfileSwitch } from '../../../renderer/lib/before-profile-switch';

/** A save the test finishes by hand, so "in flight" is a state, not a race. */
function manualSaves() {
  const log: string[] = [];
  const finishers: Array<(ok: boolean) => void> = [];
  let count = 0;
  const save = () => {
    count += 1;
    const round = count;
    log.push(`start ${round}`);
    return new Promise<void>((resolve, reject) => {
      finishers.push((ok) => {
        log.push(`end ${round}`);
        if (ok) resolve();
        else reject(new Error(`save ${round} refused`));
      });
    });
  };
  return { log, save, finish: (ok = true) => finishers.shift()?.(ok) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const HOUR_MS = 3_600_000;

describe('createAutosave', () => {
  it('runs a scheduled save when typing pauses', async () => {
    const saves: number[] = [];
    const autosave = createAutosave(async () => void saves.push(Date.now()), { delayMs: 5 });
    autosave.schedule();
    expect(autosave.isScheduled()).toBe(true);
    await expect.poll(() => saves.length).toBe(1);
    expect(autosave.isScheduled()).toBe(false);
  });

  it('keeps pushing the save back while typing goes on, and a flush saves at once, only once', async () => {
    const { log, save, finish } = manualSaves();
    // An hour's delay: only the flush can run the save within this test.
    const autosave = createAutosave(save, { delayMs: HOUR_MS });
    for (let keystroke = 0; keystroke < 12; keystroke += 1) autosave.schedule();
    expect(log).toEqual([]);
    const flushed = autosave.flush();
    expect(autosave.isScheduled()).toBe(false);
    await settle();
    finish();
    await flushed;
    expect(log).toEqual(['start 1', 'end 1']);
  });

  it('never overlaps saves: a flush during a save waits for it, then saves what came after', async () => {
    const { log, save, finish } = manualSaves();
    const autosave = createAutosave(save, { delayMs: HOUR_MS });
    const first = autosave.flush();
    await settle();
    const second = autosave.flush();
    const third = autosave.flush();
    await settle();
    expect(log).toEqual(['start 1']);
    finish();
    await first;
    await settle();
    expect(log).toEqual(['start 1', 'end 1', 'start 2']);
    finish();
    await settle();
    finish();
    await Promise.all([second, third]);
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  it('a refused save reaches its caller and does not block the next one', async () => {
    const { log, save, finish } = manualSaves();
    const autosave = createAutosave(save, { delayMs: HOUR_MS });
    const refused = autosave.flush();
    const next = autosave.flush();
    await settle();
    finish(false);
    await expect(refused).rejects.toThrow('save 1 refused');
    await settle();
    finish();
    await next;
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('a cancelled save never runs', async () => {
    const saves: string[] = [];
    const autosave = createAutosave(async () => void saves.push('saved'), { delayMs: 5 });
    autosave.schedule();
    autosave.cancel();
    expect(autosave.isScheduled()).toBe(false);
    // Forty times the delay: the timer is gone, not late.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(saves).toEqual([]);
  });
});

describe('beforeProfileSwitch', () => {
  it('waits for every registered task, even when one fails, and forgets unregistered ones', async () => {
    const done: string[] = [];
    let releaseDraft: () => void = () => undefined;
    const stopDraft = beforeProfileSwitch(
      () =>
        new Promise<void>((resolve) => {
          releaseDraft = () => {
            done.push('draft saved');
            resolve();
          };
        }),
    );
    const stopFailing = beforeProfileSwitch(async () => {
      done.push('failing task ran');
      throw new Error('offline');
    });
    let finished = false;
    const switching = finishBeforeProfileSwitch().then(() => {
      finished = true;
    });
    await settle();
    expect(finished).toBe(false);
    releaseDraft();
    await switching;
    expect(done).toEqual(['failing task ran', 'draft saved']);

    stopDraft();
    stopFailing();
    done.length = 0;
    await finishBeforeProfileSwitch();
    expect(done).toEqual([]);
  });
});
