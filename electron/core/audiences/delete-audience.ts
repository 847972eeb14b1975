import type { AudiencesRepository } from '../store/audiences-repository';

const ROWS_PER_STEP = 20_000;

/**
 * Deletes an audience of any size without holding the core's thread for seconds: its rows go in
 * steps, one turn of the event loop each, marked `cancelled` meanwhile; then the audience itself.
 * Interrupted half-way, what is left is a `cancelled` audience that can be deleted again.
 */
export async function deleteAudience(audiences: AudiencesRepository, profileId: string, audienceId: string, now: () => string): Promise<boolean> {
  if (!audiences.get(profileId, audienceId)) return false;
  audiences.setStatus(audienceId, 'cancelled', now());
  while (audiences.deleteRowsBatch(audienceId, ROWS_PER_STEP) > 0) await new Promise<void>((resolve) => setImmediate(resolve));
  return audiences.delete(profileId, audienceId);
}
