/**
 * Work that must finish while the current profile is still active: the core answers every call for
 * the active profile, so a draft's pending save has to reach its own profile before the switch.
 */
type SwitchTask = () => Promise<void>;

const tasks = new Set<SwitchTask>();

/** Registers a task run before every profile switch; returns the function that unregisters it. */
export function beforeProfileSwitch(task: SwitchTask): () => void {
  tasks.add(task);
  return () => tasks.delete(task);
}

/** Runs every registered task and waits for all of them; one failing does not stop the others or the switch. */
export async function finishBeforeProfileSwitch(): Promise<void> {
  await Promise.allSettled([...tasks].map((task) => task()));
}
