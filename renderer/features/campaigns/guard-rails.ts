import { DateTime } from 'luxon';
import type { CampaignPlan, PlannedWave } from '../../../shared/calls/campaigns';
import { formatCount } from '../../../shared/format';

const localClock = (iso: string, zone: string) => DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone).toFormat('HH:mm');

/** When a wave's messages go, in its zone: "10:00" at once, "10:00–10:42" spread by the throttle. */
export function waveSpreadLabel(wave: PlannedWave): string {
  const first = localClock(wave.utc, wave.zone);
  return wave.lastUtc === wave.utc ? first : `${first}–${localClock(wave.lastUtc, wave.zone)}`;
}

/** Why a spread wave cannot be launched as planned, or null when it fits its window. */
export function spreadProblem(wave: PlannedWave): string | null {
  if (!wave.spreadsPastWindow) return null;
  const until = wave.allowedUntil === null ? '' : `, but sending must stop before ${localClock(wave.allowedUntil, wave.zone)}`;
  return `The throttle spreads this wave until ${localClock(wave.lastUtc, wave.zone)}${until}: raise the throttle or pick an earlier time.`;
}

export function wavesSpreadingPastWindow(plan: CampaignPlan): PlannedWave[] {
  return plan.waves.filter((wave) => wave.spreadsPastWindow);
}

/** "12 on the suppression list and 3 messaged in the last 24 h are left out", or null when nobody is. */
export function excludedText(plan: CampaignPlan, frequencyCapHours: number | null): string | null {
  const { suppressed, recentlyMessaged } = plan.excluded;
  const parts: string[] = [];
  if (suppressed > 0) parts.push(`${formatCount(suppressed)} on the suppression list`);
  if (recentlyMessaged > 0) parts.push(`${formatCount(recentlyMessaged)} messaged in the last ${frequencyCapHours ?? '?'} h`);
  if (parts.length === 0) return null;
  return `${parts.join(' and ')} ${suppressed + recentlyMessaged === 1 ? 'is' : 'are'} left out.`;
}
