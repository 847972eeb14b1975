import type { CampaignRecord } from '../store/campaigns-repository';
import type { ScheduleSettings } from './campaign-planner';

/** What the planner needs of a draft to place its waves; null while the draft has not chosen when to send. */
export function scheduleSettingsOf(record: CampaignRecord): ScheduleSettings | null {
  if (record.schedule === null) return null;
  return {
    schedule: record.schedule,
    whenPassed: record.whenPassed,
    windowEnd: record.windowEnd,
    quietHours: record.quietHours,
    fallbackZone: record.fallbackZone,
    throttlePerMinute: record.throttlePerMinute,
    routeType: record.routeType,
  };
}
