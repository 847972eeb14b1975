import { DateTime } from 'luxon';
import type { CampaignPlan, PlannedWave } from '../../../shared/calls/campaigns';

export type WaveMark = 'normal' | 'moved' | 'dst' | 'passed';

export interface WaveNote {
  mark: WaveMark;
  /** Sentences explaining every move, for the timeline's tooltip and the table. */
  notes: string[];
}

const time = (iso: string, zone: string) => DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone).toFormat('ccc d LLL HH:mm');

/** Why a wave is where it is: quiet hours, a DST gap or overlap, an offset change, or time already past. */
export function explainWave(wave: PlannedWave, nowIso: string): WaveNote {
  const notes: string[] = [];
  let mark: WaveMark = 'normal';
  for (const adjustment of wave.adjustments) {
    if (adjustment.reason === 'quiet-hours') {
      notes.push(`Moved by quiet hours from ${time(adjustment.fromUtc, wave.zone)} to ${time(adjustment.toUtc, wave.zone)} local time.`);
      if (mark === 'normal') mark = 'moved';
    } else if (adjustment.reason === 'next-day') {
      notes.push(`Already past at ${time(adjustment.fromUtc, wave.zone)}: moved to the next day, ${time(adjustment.toUtc, wave.zone)}.`);
      mark = 'passed';
    } else {
      notes.push(`Already past at ${time(adjustment.fromUtc, wave.zone)}: sent as soon as it is launched.`);
      mark = 'passed';
    }
  }
  if (wave.kind === 'gap') {
    notes.push(`${wave.localTime} does not exist on ${wave.localDate} in ${wave.zone} (clocks jump forward): sent at the first valid minute.`);
    if (mark === 'normal') mark = 'dst';
  } else if (wave.kind === 'overlap') {
    notes.push(`${wave.localTime} happens twice on ${wave.localDate} in ${wave.zone} (clocks go back): sent once, at the first.`);
    if (mark === 'normal') mark = 'dst';
  }
  // The wave's own offset comes from the main side's planner (its time-zone data is authoritative);
  // today's offset from this window's. They can disagree for zones whose rules changed recently.
  const now = DateTime.fromISO(nowIso, { zone: 'utc' }).setZone(wave.zone);
  const offsetThen = waveOffsetMinutes(wave);
  if (now.isValid && offsetThen !== null && wave.kind === 'normal' && wave.adjustments.length === 0 && now.offset !== offsetThen) {
    notes.push(`Daylight saving changes before this wave: ${wave.zone} is UTC${formatOffset(offsetThen)} then (UTC${now.toFormat('ZZ')} today).`);
    if (mark === 'normal') mark = 'dst';
  }
  return { mark, notes };
}

export function sortedWaves(plan: CampaignPlan): PlannedWave[] {
  return [...plan.waves].sort((a, b) => a.utc.localeCompare(b.utc) || a.zone.localeCompare(b.zone));
}

export function formatUtc(iso: string): string {
  return DateTime.fromISO(iso, { zone: 'utc' }).toFormat("ccc d LLL HH:mm 'UTC'");
}

/** The zone's UTC offset at the wave, from its local wall time and its instant. */
function waveOffsetMinutes(wave: PlannedWave): number | null {
  const wall = DateTime.fromISO(`${wave.localDate}T${wave.localTime}`, { zone: 'utc' });
  const instant = DateTime.fromISO(wave.utc, { zone: 'utc' });
  if (!wall.isValid || !instant.isValid) return null;
  return Math.round(wall.diff(instant.startOf('minute'), 'minutes').minutes);
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  return `${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}:${String(absolute % 60).padStart(2, '0')}`;
}
