import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import pg from 'pg';
import type { CampaignStatus } from '../../../shared/calls/campaigns';
import { DeskError } from '../../../shared/errors';
import type { LaunchEnding } from '../../../shared/launch-endings';
import type { CostEstimate } from '../../../shared/pricing';
import { assertNever } from '../../../shared/assert-never';
import type { Logger } from '../log';
import type { BillingSnapshot } from '../store/billing-repository';
import type { SettingsRepository } from '../store/settings-repository';
import type { WorkspaceLaunchLeasesRepository } from '../store/workspace-launch-leases-repository';
import type { WorkspaceMembership } from '../store/workspace-memberships-repository';
import { SECOND, type Clock } from '../time';
import {
  describeHeldLease,
  markLaunchLive,
  readTeammateReservations,
  releaseLaunchLease,
  renewLaunchLease,
  shrinkReservations,
  takeLaunchLease,
  type LaunchLeaseOutcome,
  type TeammateReservation,
} from './launch-lease';
import { ensureCampaignShared } from './workspace-campaign-row';
import { describeWorkspaceFailure } from './workspace-errors';
import { checkWithTeammates, teammatesShortfall, type AccountMoney } from './workspace-funds-guard';
import { addressOf, type WorkspaceService } from './workspace-service';

/** How often a held lease is renewed (it lasts LAUNCH_LEASE_MS, two minutes) and ended launches are reported. */
export const LEASE_RENEW_EVERY_MS = 30 * SECOND;
/**
 * Released reservations count from this long before the balance read began. The read's instant on
 * the database's clock is already estimated early (the `now()` query's travel counts as time
 * passed), so this only covers timer resolution.
 */
const BALANCE_READ_MARGIN_MS = SECOND;
const PLAN_TIMEOUT_MS = 3 * SECOND;
const LAUNCH_TIMEOUT_MS = 10 * SECOND;
const DESKTOP_ID_SETTING = 'workspace.desktopId';
/** PostgreSQL's SQLSTATE for a unique violation. */
const UNIQUE_VIOLATION = '23505';

/** What the plan shows of teammates' launches (null from `teammatesForPlan`: the profile has not joined a workspace). */
export interface TeammatesReserved {
  reservations: TeammateReservation[];
  /** Why they could not be read (the workspace is unreachable); null when they were. */
  unknownReason: string | null;
}

export interface WorkspaceLaunchRequest {
  campaign: { id: string; name: string; revision: number; budgetMinor: number | null; currency: string | null };
  estimate: CostEstimate;
  /** The balance the launch read; null where the API reports none (the campaign's budget is then the only cap). */
  billing: BillingSnapshot | null;
  /** What this desktop's other launches of the account reserve, as its local money guard counted it. */
  localReservedMinor: number;
  balanceReadAtMs: number;
}

/** A taken lease, held while the launch writes its requests. */
export interface WorkspaceLaunchHold {
  /** Just before the campaign goes live here: the workspace marks it launched (refused if the lease was lost meanwhile). */
  goLive(): Promise<void>;
  /** The launch was undone before it went live: lease and reservations released, the campaign a draft again. */
  abandon(): Promise<void>;
}

/** The launch's workspace step, as the launch service sees it. */
export interface LaunchWorkspaceGate {
  teammatesForPlan(profileId: string, campaign: { id: string; revision: number }): Promise<TeammatesReserved | null>;
  /** Null for a profile that has not joined a workspace: nothing changes for it. */
  takeLease(profileId: string, request: WorkspaceLaunchRequest): Promise<WorkspaceLaunchHold | null>;
}

export interface WorkspaceLaunchesOptions {
  workspace: Pick<WorkspaceService, 'membership' | 'connect'>;
  leases: WorkspaceLaunchLeasesRepository;
  settings: SettingsRepository;
  /** The local campaign's status (undefined once deleted): it tells how a launch ended. */
  campaignStatus(profileId: string, campaignId: string): CampaignStatus | undefined;
  /** What a launched campaign still reserves on this desktop (its requests not yet charged). */
  stillReserved(campaignId: string): number;
  /**
   * The workspace revision that holds exactly this local revision of the draft (shared drafts: the
   * last push or pull matched it), if any: a launch expects that one, whatever was current at planning.
   */
  syncedRevisionOf?(profileId: string, campaignId: string, localRevision: number): number | undefined;
  /** This computer as teammates see it in messages ("Noor's office PC"); the OS host name by default. */
  desktopName?: string;
  renewEveryMs?: number;
  clock: Clock;
  log: Logger;
}

/**
 * One launch per campaign across desktops, and a money guard that counts every desktop's
 * launches, for profiles that joined a team workspace. A launch takes the campaign's lease in the
 * workspace, with its reservations, in one transaction that also checks the account's money
 * against teammates' live reservations (launch-lease.ts); a refusal is a sentence naming who holds
 * the launch or the money. Offline, the launch is refused: without the workspace neither guarantee
 * holds. The lease is renewed while the campaign sends (its reservation shrinking to what is not
 * charged yet, since the balance shows the rest) and released (reservations too) when it
 * finishes, is cancelled or is undone; an ending the workspace could not be told waits in the local
 * store until it can, and a restarted desktop renews the leases of its campaigns still sending.
 */
export class WorkspaceLaunches implements LaunchWorkspaceGate {
  /** Campaigns whose launch is between taking the lease and going live (or being undone) in this process. */
  private readonly launching = new Set<string>();
  /** The workspace revision each campaign had when this desktop planned it (per local revision). */
  private readonly plannedRevisions = new Map<string, { localRevision: number; workspaceRevision: number }>();
  private exclusive: Promise<unknown> = Promise.resolve();
  private timer: ReturnType<typeof setInterval> | null = null;
  private desktopIdentity: { desktopId: string; desktopName: string } | null = null;

  constructor(private readonly options: WorkspaceLaunchesOptions) {}

  /** This desktop in the workspace: a stable id kept in the local store, and its name. */
  desktop(): { desktopId: string; desktopName: string } {
    if (this.desktopIdentity) return this.desktopIdentity;
    let desktopId = this.options.settings.get(DESKTOP_ID_SETTING);
    if (!desktopId) {
      desktopId = randomUUID();
      this.options.settings.set(DESKTOP_ID_SETTING, desktopId);
    }
    this.desktopIdentity = { desktopId, desktopName: this.options.desktopName ?? hostname() };
    return this.desktopIdentity;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.keepLeases(), this.options.renewEveryMs ?? LEASE_RENEW_EVERY_MS);
    this.timer.unref?.();
    void this.keepLeases();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.exclusive.catch(() => undefined);
  }

  async teammatesForPlan(profileId: string, campaign: { id: string; revision: number }): Promise<TeammatesReserved | null> {
    const membership = this.options.workspace.membership(profileId);
    if (!membership) return null;
    try {
      return await this.withClient(membership, PLAN_TIMEOUT_MS, async (client) => {
        const row = (await client.query<{ revision: number }>('SELECT revision FROM desk.campaigns WHERE id = $1', [campaign.id])).rows[0];
        if (row) this.plannedRevisions.set(campaign.id, { localRevision: campaign.revision, workspaceRevision: row.revision });
        const reservations = await readTeammateReservations(client, { campaignId: campaign.id, desktopId: this.desktop().desktopId, countReleasedSince: null });
        return { reservations, unknownReason: null };
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return {
        reservations: [],
        unknownReason: `Teammates' launches could not be counted: ${reason} Launching needs the workspace; reconnect, then plan again.`,
      };
    }
  }

  takeLease(profileId: string, request: WorkspaceLaunchRequest): Promise<WorkspaceLaunchHold | null> {
    const membership = this.options.workspace.membership(profileId);
    if (!membership) return Promise.resolve(null);
    return this.serialised(async () => {
      const client = await this.openForLaunch(membership);
      try {
        const outcome = await this.take(client, membership, request);
        if (outcome.kind !== 'taken') throw await this.refusal(client, outcome, request);
      } catch (error) {
        await client.end().catch(() => undefined);
        throw launchFailure(error, membership);
      }
      this.options.leases.taken({ campaignId: request.campaign.id, profileId }, this.options.clock());
      this.launching.add(request.campaign.id);
      return this.hold(client, membership, request.campaign.id);
    });
  }

  private async take(client: pg.Client, membership: WorkspaceMembership, request: WorkspaceLaunchRequest): Promise<LaunchLeaseOutcome> {
    const { campaign } = request;
    let sharedRevision: number;
    const share = () =>
      ensureCampaignShared(
        client,
        { organisationId: membership.organisationId, accountSid: membership.accountSid },
        { id: campaign.id, name: campaign.name, revision: campaign.revision, budgetMinor: campaign.budgetMinor, currency: campaign.currency },
      );
    try {
      // Two desktops sharing the same new campaign at once: the loser of the insert can meet the
      // winner's row on the table's other unique index (a unique violation rather than "do nothing").
      // The row exists by then, so asking again finds it.
      sharedRevision = await share().catch((error: unknown) => {
        if (error instanceof pg.DatabaseError && error.code === UNIQUE_VIOLATION) return share();
        throw error;
      });
    } catch (error) {
      if (error instanceof Error && /belongs to another account/.test(error.message)) {
        throw new DeskError('CAMPAIGN_CONFLICT', 'This campaign belongs to another account in the team workspace: it cannot be launched from this profile.');
      }
      throw error;
    }
    // The workspace revision seen when this desktop planned this very draft; without a plan, the one it has now.
    // This desktop's own edit pushed after the plan moved the workspace revision without a teammate: the synced one comes first.
    const planned = this.plannedRevisions.get(campaign.id);
    const revision =
      this.options.syncedRevisionOf?.(membership.profileId, campaign.id, campaign.revision) ??
      (planned && planned.localRevision === campaign.revision ? planned.workspaceRevision : sharedRevision);
    const money: AccountMoney | null = request.billing
      ? { billing: request.billing, localReservedMinor: request.localReservedMinor, estimate: request.estimate, budgetMinor: campaign.budgetMinor }
      : null;
    // When the balance was read, on the database's clock: the time since, measured here, needs no agreement between the two clocks.
    const databaseNow = (await client.query<{ now: Date }>('SELECT now() AS now')).rows[0]?.now.getTime() ?? request.balanceReadAtMs;
    const balanceReadAt = databaseNow - (this.options.clock() - request.balanceReadAtMs) - BALANCE_READ_MARGIN_MS;
    const outcome = await takeLaunchLease(client, {
      campaignId: campaign.id,
      revision,
      ...this.desktop(),
      reservations: request.estimate.total.minor > 0 ? [{ amountMinor: request.estimate.total.minor, currency: request.estimate.currency }] : [],
      ...(money
        ? {
            fundsGuard: {
              countReleasedSince: new Date(balanceReadAt),
              fits: (teammates: readonly TeammateReservation[]) => checkWithTeammates(money, teammates).fits,
            },
          }
        : {}),
    });
    if (outcome.kind === 'insufficient-funds' && money) {
      throw teammatesShortfall(checkWithTeammates(money, outcome.teammates), money, outcome.teammates);
    }
    return outcome;
  }

  /** The sentence for every way the workspace refuses a launch. */
  private async refusal(client: pg.Client, outcome: Exclude<LaunchLeaseOutcome, { kind: 'taken' }>, request: WorkspaceLaunchRequest): Promise<DeskError> {
    const name = request.campaign.name;
    switch (outcome.kind) {
      case 'held':
        return new DeskError('CAMPAIGN_CONFLICT', describeHeldLease(outcome.holder));
      case 'revision-changed':
        return new DeskError('CAMPAIGN_CONFLICT', `A teammate changed “${name}” since you planned it: review and plan again.`, { field: 'revision' });
      case 'already-launched': {
        const who = outcome.launchedBy ? await displayNameOf(client, outcome.launchedBy) : 'a teammate';
        const desktop = await launchingDesktopOf(client, request.campaign.id);
        return new DeskError(
          'CAMPAIGN_CONFLICT',
          `“${name}” was already launched by ${who}${desktop ? ` from “${desktop}”` : ''} (it is ${outcome.status} in the team workspace): it cannot be launched again.`,
        );
      }
      case 'not-found':
        return new DeskError('CAMPAIGN_CONFLICT', `“${name}” belongs to another account in the team workspace: it cannot be launched from this profile.`);
      case 'insufficient-funds':
        return new DeskError('INSUFFICIENT_FUNDS', "Teammates' launches hold the money this launch needs. Plan again to see how much, then launch.");
      default:
        return assertNever(outcome);
    }
  }

  private hold(client: pg.Client, membership: WorkspaceMembership, campaignId: string): WorkspaceLaunchHold {
    const { desktopId } = this.desktop();
    let lost = false;
    let closed = false;
    // Writing a large launch's requests can outlast the lease: it is renewed meanwhile.
    const renewal = setInterval(() => {
      renewLaunchLease(client, { campaignId, desktopId })
        .then((renewed) => {
          lost ||= !renewed;
          if (renewed) this.options.leases.renewed(campaignId, this.options.clock());
        })
        .catch((error: unknown) => this.options.log.warn('workspace lease not renewed', { campaignId, error: errorText(error) }));
    }, this.options.renewEveryMs ?? LEASE_RENEW_EVERY_MS);
    renewal.unref?.();
    const finish = async () => {
      if (closed) return;
      closed = true;
      clearInterval(renewal);
      await client.end().catch(() => undefined);
    };
    return {
      goLive: async () => {
        try {
          if (lost || !(await markLaunchLive(client, { campaignId, desktopId }))) {
            throw new DeskError(
              'CAMPAIGN_CONFLICT',
              'This desktop lost its claim on the launch in the team workspace while writing it (it was out of touch too long). Nothing was sent: launch again.',
            );
          }
        } catch (error) {
          throw launchFailure(error, membership);
        }
        this.launching.delete(campaignId);
        await finish();
      },
      abandon: async () => {
        await finish();
        this.launching.delete(campaignId);
        try {
          this.options.leases.ended(campaignId, 'abandoned');
        } catch (error) {
          // The local campaign is a draft again, so the keeper reports the launch as undone all the same.
          this.options.log.warn('workspace launch ending not recorded', { campaignId, error: errorText(error) });
        }
        await this.serialised(() => this.report(membership, [campaignId])).catch((error: unknown) =>
          this.options.log.warn('workspace launch not released yet', { campaignId, error: errorText(error) }),
        );
      },
    };
  }

  /**
   * Renews the leases of this desktop's campaigns that are still sending, and tells the workspace
   * how the others ended (finished, cancelled, undone), one connection per profile. A profile out
   * of reach is tried again on the next round.
   */
  keepLeases(): Promise<void> {
    return this.serialised(async () => {
      try {
        await this.keepLeasesNow();
      } catch (error) {
        // The store closing under a round (the core shutting down) ends it; the next start carries on.
        this.options.log.warn('workspace launch leases not kept', { error: errorText(error) });
      }
    });
  }

  private async keepLeasesNow(): Promise<void> {
    {
      const byProfile = new Map<string, string[]>();
      for (const lease of this.options.leases.all()) {
        if (this.launching.has(lease.campaignId)) continue;
        byProfile.set(lease.profileId, [...(byProfile.get(lease.profileId) ?? []), lease.campaignId]);
      }
      for (const [profileId, campaignIds] of byProfile) {
        const membership = this.options.workspace.membership(profileId);
        if (!membership) {
          // The profile left the workspace: nothing can be told any more (its leases expire there by themselves).
          for (const campaignId of campaignIds) this.options.leases.forget(campaignId);
          continue;
        }
        await this.report(membership, campaignIds).catch((error: unknown) =>
          this.options.log.warn('workspace launch leases not kept', { profileId, error: errorText(error) }),
        );
      }
    }
  }

  private async report(membership: WorkspaceMembership, campaignIds: readonly string[]): Promise<void> {
    const { desktopId } = this.desktop();
    const held = new Map(this.options.leases.all().map((lease) => [lease.campaignId, lease]));
    await this.withClient(membership, LAUNCH_TIMEOUT_MS, async (client) => {
      for (const campaignId of campaignIds) {
        const lease = held.get(campaignId);
        if (!lease || this.launching.has(campaignId)) continue;
        const ending = lease.ending ?? endingOf(this.options.campaignStatus(membership.profileId, campaignId));
        if (ending !== null) {
          this.options.leases.ended(campaignId, ending);
          await releaseLaunchLease(client, { campaignId, desktopId, ending });
          this.options.leases.forget(campaignId);
          continue;
        }
        // Still sending: keep the claim (a restart lands here too), and make sure the workspace says it went live.
        if (await renewLaunchLease(client, { campaignId, desktopId })) {
          await markLaunchLive(client, { campaignId, desktopId });
          await shrinkReservations(client, { campaignId, desktopId, stillReservedMinor: this.options.stillReserved(campaignId) });
          this.options.leases.renewed(campaignId, this.options.clock());
        } else {
          this.options.log.warn('workspace launch lease no longer held by this desktop', { campaignId });
          this.options.leases.forget(campaignId);
        }
      }
    });
  }

  private async openForLaunch(membership: WorkspaceMembership): Promise<pg.Client> {
    try {
      return await this.options.workspace.connect(membership, LAUNCH_TIMEOUT_MS);
    } catch (error) {
      throw launchFailure(error, membership);
    }
  }

  private async withClient<T>(membership: WorkspaceMembership, timeoutMs: number, use: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = await this.options.workspace.connect(membership, timeoutMs);
    try {
      return await use(client);
    } catch (error) {
      throw describeWorkspaceFailure(error, addressOf(membership));
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /** Taking a lease and keeping leases never interleave: the keeper never ends a launch being taken. */
  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const next = this.exclusive.catch(() => undefined).then(work);
    this.exclusive = next.catch(() => undefined);
    return next;
  }
}

/** How a launch ended, from its local campaign's status; null while it still sends. */
function endingOf(status: CampaignStatus | undefined): LaunchEnding | null {
  switch (status) {
    case 'scheduled':
    case 'running':
    case 'paused':
      return null;
    case 'completed':
      return 'finished';
    case 'cancelled':
      return 'cancelled';
    // A draft again: the launch was undone (after a crash, at the next start) before it went live.
    case 'draft':
      return 'abandoned';
    // Deleted here: only campaigns that ended can be deleted.
    case undefined:
      return 'finished';
    default:
      return assertNever(status);
  }
}

async function launchingDesktopOf(client: pg.Client, campaignId: string): Promise<string | null> {
  const row = (await client.query<{ desktop_name: string }>('SELECT desktop_name FROM desk.launch_leases WHERE campaign_id = $1', [campaignId])).rows[0];
  return row?.desktop_name ?? null;
}

async function displayNameOf(client: pg.Client, roleName: string): Promise<string> {
  const row = (await client.query<{ display_name: string }>('SELECT display_name FROM desk.members WHERE role_name = $1', [roleName])).rows[0];
  return row?.display_name ?? roleName;
}

/** A launch refused because the workspace cannot be used: launching without it would bypass both of its guarantees. */
function launchFailure(error: unknown, membership: WorkspaceMembership): DeskError {
  if (error instanceof DeskError && error.code !== 'WORKSPACE_UNREACHABLE' && error.code !== 'WORKSPACE_REFUSED') return error;
  const described = describeWorkspaceFailure(error, addressOf(membership));
  if (described.code !== 'WORKSPACE_UNREACHABLE' && described.code !== 'WORKSPACE_REFUSED') return described;
  return new DeskError(
    described.code,
    `Launching needs the team workspace (it makes sure only one desktop launches this campaign, and that teammates' launches leave the money for it). ` +
      `${described.message} Reconnect, then launch again. Your draft is saved and nothing was sent.`,
  );
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
