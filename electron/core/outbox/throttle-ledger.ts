import { MINUTE, SECOND } from '../time';

/**
 * A request that leaves this close to the end of a minute may be accepted by the API in the next
 * one (travel, a busy server): it counts against both minutes, so neither can go over the throttle
 * as the API records it.
 */
export const MINUTE_EDGE_MS = 5 * SECOND;
/** Minutes older than this are forgotten. */
const KEPT_MINUTES = 3;

/**
 * Recipients each throttled campaign has sent per clock minute, counted when a request leaves.
 * A minute first seen after a restart starts from what the store says the API accepted in it.
 */
export class ThrottleLedger {
  private readonly used = new Map<string, Map<number, number>>();

  constructor(private readonly acceptedBetween: (campaignId: string, fromMs: number, toMs: number) => number) {}

  /** Whether `recipients` more may leave at `nowMs` without any minute they may land in going over `throttle`. */
  fits(campaignId: string, throttle: number, nowMs: number, recipients: number): boolean {
    return minutesOf(nowMs).every((minute) => this.usedIn(campaignId, minute) + recipients <= throttle);
  }

  /** Counts a request that leaves now. */
  take(campaignId: string, nowMs: number, recipients: number): void {
    const minutes = this.minutesOfCampaign(campaignId);
    for (const minute of minutesOf(nowMs)) minutes.set(minute, this.usedIn(campaignId, minute) + recipients);
    for (const minute of minutes.keys()) if (minute < Math.floor(nowMs / MINUTE) - KEPT_MINUTES) minutes.delete(minute);
  }

  /** Recipients already counted against a clock minute (epoch ms ÷ 60,000). */
  usedIn(campaignId: string, minute: number): number {
    const minutes = this.minutesOfCampaign(campaignId);
    let used = minutes.get(minute);
    if (used === undefined) {
      used = this.acceptedBetween(campaignId, minute * MINUTE, (minute + 1) * MINUTE);
      minutes.set(minute, used);
    }
    return used;
  }

  /** A campaign that ended (cancelled, completed) is forgotten. */
  forget(campaignId: string): void {
    this.used.delete(campaignId);
  }

  private minutesOfCampaign(campaignId: string): Map<number, number> {
    let minutes = this.used.get(campaignId);
    if (!minutes) {
      minutes = new Map();
      this.used.set(campaignId, minutes);
    }
    return minutes;
  }
}

/** The clock minutes a request leaving at `nowMs` may be accepted in. */
function minutesOf(nowMs: number): number[] {
  const minute = Math.floor(nowMs / MINUTE);
  return (minute + 1) * MINUTE - nowMs <= MINUTE_EDGE_MS ? [minute, minute + 1] : [minute];
}
