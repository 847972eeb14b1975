import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { assertNever } from '../../../shared/assert-never';
import type pg from 'pg';
import type { DeskEvent } from '../../../shared/contract';
import { DeskError } from '../../../shared/errors';
import type { AudienceTransfer, AudienceTransferDirection, TeamAudienceView } from '../../../shared/calls/team-audiences';
import { deleteAudience } from '../audiences/delete-audience';
import type { Logger } from '../log';
import type { AudiencesRepository, SharedAudienceRow } from '../store/audiences-repository';
import type { WorkspaceAudiencesRepository } from '../store/workspace-audiences-repository';
import type { WorkspaceMembership } from '../store/workspace-memberships-repository';
import { isoAt, type Clock } from '../time';
import { audiencePullWorkerLocation, type AudiencePullJob, type CoreToPuller, type PullerToCore } from './audience-pull-job';
import { copyRowsIn, lastSharedRow } from './workspace-audience-rows';
import { audienceMetadata, completeAudienceRows, discardAudience, ensureAudienceShared, type AudienceMetadata } from './workspace-audiences';
import { describeWorkspaceFailure } from './workspace-errors';
import { addressOf, type WorkspaceService } from './workspace-service';

/** Rows per COPY chunk: each is its own transaction, so a cut connection loses at most the chunk in flight. */
export const AUDIENCE_CHUNK_ROWS = 50_000;
const PULL_WORKER_HEAP_MB = 512;
/** An upload reads its rows from the store in slices this size. */
const LOCAL_READ_SLICE = 5_000;

export interface AudienceSharingOptions {
  workspace: WorkspaceService;
  shares: WorkspaceAudiencesRepository;
  audiences: AudiencesRepository;
  clock: Clock;
  log: Logger;
  emit(event: DeskEvent): void;
  /** The store's file: a download's thread opens its own connection to it. */
  databasePath: string;
  chunkRows?: number;
}

interface Running {
  transfer: AudienceTransfer;
  cancelled: boolean;
  /** Tells a download's thread to stop after the chunk in hand. */
  stop?: () => void;
}

/**
 * Sharing an audience with the team workspace ("Share with team" on an audience), and using a
 * teammate's on this desktop ("Download"). Rows move with COPY in chunks, each chunk one
 * transaction: an upload cut half-way leaves whole chunks and resumes after the last one; a
 * download writes the local audience `importing` and makes it `ready` only when every row is in,
 * with the counts and report of the sharing desktop's import (so plans leave out the same rows).
 */
export class AudienceSharing {
  private readonly running = new Map<string, Running>();
  private readonly workers = new Set<Worker>();

  constructor(private readonly options: AudienceSharingOptions) {}

  private get chunkRows(): number {
    return this.options.chunkRows ?? AUDIENCE_CHUNK_ROWS;
  }

  list(profileId: string): { joined: boolean; audiences: TeamAudienceView[] } {
    if (!this.options.workspace.membership(profileId)) return { joined: false, audiences: [] };
    return {
      joined: true,
      audiences: this.options.shares.list(profileId).map((record) => ({
        workspaceAudienceId: record.workspaceId,
        name: record.name,
        accountSid: record.accountSid,
        recipients: record.recipients,
        rowCount: record.rowCount,
        sharedBy: record.sharedBy,
        sharedAtMs: record.sharedAtMs,
        sharedHere: record.sharedHere,
        rowsComplete: record.rowsComplete,
        localAudienceId: record.localAudienceId,
        transfer: this.running.get(record.workspaceId)?.transfer ?? null,
      })),
    };
  }

  /** Starts (or resumes) sharing a ready local audience; progress follows in events. */
  share(profileId: string, audienceId: string): AudienceTransfer {
    const membership = this.requireMembership(profileId);
    const audience = this.options.audiences.get(profileId, audienceId);
    if (!audience) throw new DeskError('AUDIENCE_NOT_FOUND', 'This audience no longer exists in this profile.', { field: 'audienceId' });
    if (audience.status !== 'ready') {
      throw new DeskError('VALIDATION_FAILED', 'Only a completely imported audience can be shared. Wait for its import to finish.', { field: 'audienceId' });
    }
    const pulled = this.options.shares.heldLocallyAs(profileId, audienceId);
    if (pulled && !pulled.sharedHere) {
      throw new DeskError('VALIDATION_FAILED', 'This audience came from a teammate: it is already shared with the team.', { field: 'audienceId' });
    }
    const already = this.running.get(audienceId);
    if (already) return already.transfer;
    const metadata: AudienceMetadata = {
      id: audience.id,
      name: audience.name,
      sourceName: audience.sourceName,
      defaultCountry: audience.defaultCountry,
      customFields: audience.customFields,
      rowCount: this.options.audiences.sharedRowCount(audience.id),
      counts: {
        totalRows: audience.totalRows,
        validRows: audience.validRows,
        invalidRows: audience.invalidRows,
        duplicateRows: audience.duplicateRows,
        optedOutRows: audience.optedOutRows,
      },
      report: audience.report,
    };
    this.options.shares.recordShare(profileId, {
      audienceId,
      accountSid: membership.accountSid,
      name: audience.name,
      rowCount: metadata.rowCount,
      recipients: audience.validRows,
      sharedBy: membership.displayName,
    });
    return this.start(membership, audienceId, 'upload', metadata.rowCount, (run) => this.upload(run, membership, metadata));
  }

  /** Starts pulling a teammate's audience into this desktop's audiences; progress follows in events. */
  download(profileId: string, workspaceAudienceId: string): AudienceTransfer {
    const membership = this.requireMembership(profileId);
    const record = this.options.shares.get(profileId, workspaceAudienceId);
    if (!record || record.deleted) {
      throw new DeskError('AUDIENCE_NOT_FOUND', 'This team audience is no longer in the workspace. Sync, then choose another.', {
        field: 'workspaceAudienceId',
      });
    }
    if (record.localAudienceId !== null) {
      throw new DeskError('VALIDATION_FAILED', 'This audience is already on this desktop: find it in your audiences list.', { field: 'workspaceAudienceId' });
    }
    if (!record.rowsComplete) {
      throw new DeskError('VALIDATION_FAILED', 'Its rows are still being shared by your teammate. Try again once the upload finishes.', {
        field: 'workspaceAudienceId',
      });
    }
    const already = this.running.get(workspaceAudienceId);
    if (already) return already.transfer;
    return this.start(membership, workspaceAudienceId, 'download', record.rowCount, (run) => this.pull(run, membership));
  }

  cancel(profileId: string, workspaceAudienceId: string): boolean {
    const run = this.running.get(workspaceAudienceId);
    if (!run || run.transfer.profileId !== profileId) return false;
    run.cancelled = true;
    run.stop?.();
    return true;
  }

  private requireMembership(profileId: string): WorkspaceMembership {
    const membership = this.options.workspace.membership(profileId);
    if (!membership)
      throw new DeskError('VALIDATION_FAILED', 'This profile has not joined a team workspace. Join one on the Profiles screen first.', { field: 'profileId' });
    return membership;
  }

  private start(
    membership: WorkspaceMembership,
    workspaceAudienceId: string,
    direction: AudienceTransferDirection,
    rowsTotal: number,
    work: (run: Running) => Promise<void>,
  ): AudienceTransfer {
    const run: Running = {
      transfer: { profileId: membership.profileId, workspaceAudienceId, direction, state: 'running', rowsDone: 0, rowsTotal, problem: null },
      cancelled: false,
    };
    this.running.set(workspaceAudienceId, run);
    this.report(run);
    void work(run)
      .then(
        () => this.settle(run, run.cancelled ? { state: 'cancelled' } : { state: 'done', rowsDone: run.transfer.rowsTotal }),
        (error: unknown) => {
          const problem = describeProblem(error, run.transfer, membership);
          this.options.log.warn('team audience transfer failed', {
            workspaceAudienceId,
            direction,
            error: error instanceof Error ? error.message : String(error),
          });
          return this.settle(run, { state: 'failed', problem });
        },
      )
      .finally(() => this.running.delete(workspaceAudienceId));
    return run.transfer;
  }

  private settle(run: Running, change: Partial<AudienceTransfer>): AudienceTransfer {
    run.transfer = { ...run.transfer, ...change };
    this.report(run);
    this.options.emit({ name: 'teamAudiences.changed', payload: { profileId: run.transfer.profileId } });
    return run.transfer;
  }

  private progress(run: Running, rowsDone: number): void {
    run.transfer = { ...run.transfer, rowsDone: Math.max(run.transfer.rowsDone, Math.min(rowsDone, run.transfer.rowsTotal)) };
    this.report(run);
  }

  private report(run: Running): void {
    this.options.emit({ name: 'teamAudiences.transfer', payload: run.transfer });
  }

  private async connect(membership: WorkspaceMembership): Promise<pg.Client> {
    return await this.options.workspace.connect(membership);
  }

  private async upload(run: Running, membership: WorkspaceMembership, audience: AudienceMetadata): Promise<void> {
    const { shares, clock } = this.options;
    const profileId = membership.profileId;
    const account = { organisationId: membership.organisationId, accountSid: membership.accountSid };
    const client = await this.connect(membership);
    try {
      const shared = await ensureAudienceShared(client, account, audience);
      shares.recordPushed(profileId, audience.id, shared);
      if (shared.rowsComplete) return;
      // Resume after the last whole chunk the workspace holds.
      let { lastRow: after, rows: done } = await lastSharedRow(client, audience.id);
      this.progress(run, done);
      for (;;) {
        if (run.cancelled) {
          await discardAudience(client, audience.id);
          shares.forget(profileId, audience.id);
          return;
        }
        const chunk = await copyRowsIn(client, account, audience.id, this.localRows(audience.id, after));
        if (chunk.lastRow === null) break;
        done += chunk.rows;
        after = chunk.lastRow;
        this.progress(run, done);
      }
      const completed = await completeAudienceRows(client, audience.id, shared.revision);
      if (completed.kind !== 'applied') throw new Error('the shared audience changed in the workspace while its rows were being sent');
      shares.recordPushed(profileId, audience.id, { revision: completed.revision, rowsComplete: true, sharedAtMs: shared.sharedAtMs });
      this.options.log.info('audience shared', { profileId, audienceId: audience.id, rows: done, at: isoAt(clock()) });
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /** One chunk's rows after `after`, read from the store a slice at a time so the core's other calls run between slices. */
  private async *localRows(audienceId: string, after: number): AsyncGenerator<SharedAudienceRow[]> {
    let remaining = this.chunkRows;
    let from = after;
    while (remaining > 0) {
      const rows = this.options.audiences.sharedRows(audienceId, from, Math.min(LOCAL_READ_SLICE, remaining));
      const last = rows.at(-1);
      if (!last) return;
      yield rows;
      remaining -= rows.length;
      from = last.rowNumber;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  private async pull(run: Running, membership: WorkspaceMembership): Promise<void> {
    const { audiences, shares } = this.options;
    const profileId = membership.profileId;
    const workspaceId = run.transfer.workspaceAudienceId;
    const client = await this.connect(membership);
    let audience: AudienceMetadata | undefined;
    try {
      audience = await audienceMetadata(client, workspaceId);
    } finally {
      await client.end().catch(() => undefined);
    }
    if (!audience) throw new DeskError('AUDIENCE_NOT_FOUND', 'This team audience is no longer in the workspace. Sync, then choose another.');
    // Teammates' drafts name the audience by the sharing desktop's id: keeping it here lets them find it.
    const localId = audiences.isIdFree(workspaceId) ? workspaceId : randomUUID();
    audiences.create(
      {
        id: localId,
        profileId,
        name: audience.name,
        sourceName: audience.sourceName,
        customFields: audience.customFields,
        defaultCountry: audience.defaultCountry,
      },
      this.now(),
    );
    this.options.emit({ name: 'audiences.changed', payload: { profileId, audienceId: localId } });
    let rowsDone: number;
    try {
      rowsDone = await this.pullRows(run, {
        address: addressOf(membership),
        user: membership.roleName,
        password: await this.options.workspace.password(membership),
        databasePath: this.options.databasePath,
        workspaceAudienceId: workspaceId,
        localAudienceId: localId,
        customFields: audience.customFields,
        chunkRows: this.chunkRows,
      });
      if (!run.cancelled && rowsDone !== audience.rowCount) throw new Error(`the workspace holds ${rowsDone} of this audience's ${audience.rowCount} rows`);
    } catch (error) {
      // A download cut short leaves nothing half-made: the next one starts over.
      await deleteAudience(audiences, profileId, localId, () => this.now()).catch(() => false);
      this.options.emit({ name: 'audiences.changed', payload: { profileId, audienceId: localId } });
      throw error;
    }
    if (run.cancelled) {
      await deleteAudience(audiences, profileId, localId, () => this.now());
    } else {
      shares.completePull(localId, audience.counts, audience.report, this.now());
      shares.linkLocal(profileId, workspaceId, localId);
    }
    this.options.emit({ name: 'audiences.changed', payload: { profileId, audienceId: localId } });
  }

  /** Runs the download thread (audience-pull-worker.ts) and relays its progress; resolves with the rows it wrote. */
  private pullRows(run: Running, job: AudiencePullJob): Promise<number> {
    const location = audiencePullWorkerLocation();
    const worker = new Worker(location.file, { eval: location.eval, workerData: job, resourceLimits: { maxOldGenerationSizeMb: PULL_WORKER_HEAP_MB } });
    this.workers.add(worker);
    run.stop = () => worker.postMessage({ type: 'cancel' } satisfies CoreToPuller);
    return new Promise<number>((resolve, reject) => {
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        run.stop = undefined;
        this.workers.delete(worker);
        void worker.terminate().then(outcome, outcome);
      };
      worker.on('message', (message: PullerToCore) => {
        switch (message.type) {
          case 'progress':
            this.progress(run, message.rowsDone);
            return;
          case 'done':
            settle(() => resolve(message.rowsDone));
            return;
          case 'failed':
            settle(() => reject(Object.assign(new Error(message.message), message.code === null ? {} : { code: message.code })));
            return;
          default:
            return assertNever(message);
        }
      });
      worker.on('error', (error) => settle(() => reject(error)));
      worker.on('exit', (code) => settle(() => reject(new Error(`the download stopped unexpectedly (exit ${code})`))));
    });
  }

  /** On shutdown: downloads stop (their audiences stay `importing` and are cleared on the next start). */
  close(): void {
    for (const worker of this.workers) void worker.terminate();
    this.workers.clear();
  }

  private now(): string {
    return isoAt(this.options.clock());
  }
}

/** A sentence that says what happened and what to do; the server's own codes stay out of it. */
function describeProblem(error: unknown, transfer: AudienceTransfer, membership: WorkspaceMembership): string {
  const described = describeWorkspaceFailure(error, addressOf(membership));
  const cause = described.code === 'WORKSPACE_UNREACHABLE' ? 'the connection to the team workspace was lost' : described.message.replace(/\.$/, '');
  return transfer.direction === 'upload'
    ? `Sharing stopped after ${transfer.rowsDone} of ${transfer.rowsTotal} rows: ${cause}. The rows sent are kept: choose "Resume sharing" to send the rest.`
    : `The download stopped after ${transfer.rowsDone} of ${transfer.rowsTotal} rows: ${cause}. Nothing was kept: download it again.`;
}
