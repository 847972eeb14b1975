import { OutboxStateGroup } from '../../../shared/outbox-state';
import { sqlList } from './sql-values';
import {
  CampaignStatusGroup,
  type CampaignStatus,
  type NoPriceChoice,
  type QuietHours,
  type RouteType,
  type ScheduleSpec,
  type VariantInput,
  type WaveStatus,
} from '../../../shared/calls/campaigns';
import type { DeskErrorShape } from '../../../shared/errors';
import type { PassedPolicy } from '../../../shared/schedule';
import type { SqliteDatabase } from './database';
import { statementsOf, type StatementCache } from '../../../sqlite/statement-cache';
import { isoAt } from '../time';
import { msOfIso } from './stored-instants';

export interface CampaignDraft {
  name: string;
  audienceId: string | null;
  senderId: string;
  routeType: RouteType;
  schedule: ScheduleSpec | null;
  whenPassed: PassedPolicy | null;
  windowEnd: string | null;
  quietHours: QuietHours;
  fallbackZone: string | null;
  budgetMinor: number | null;
  variants: VariantInput[];
  throttlePerMinute: number | null;
  frequencyCapHours: number | null;
  noPriceChoices: Record<string, NoPriceChoice>;
}

export interface CampaignRecord extends CampaignDraft {
  id: string;
  profileId: string;
  status: CampaignStatus;
  revision: number;
  blockedReason: DeskErrorShape | null;
  accountSid: string | null;
  currency: string | null;
  createdAt: string;
  updatedAt: string;
  /** When the launch froze it (epoch ms), null for a draft. */
  launchedAtMs: number | null;
}

export interface WaveRecord {
  waveNo: number;
  planId: string;
  zone: string;
  localDate: string;
  localTime: string;
  /** When the wave is due (epoch ms). */
  sendAtMs: number;
  submit: 'scheduled' | 'immediate';
  recipients: number;
  estimatedUnits: number;
  estimatedCostMinor: number;
  status: WaveStatus;
}

/** A live campaign as the sender and the status pull see it. */
export interface LiveCampaign {
  id: string;
  profileId: string;
  accountSid: string;
  status: CampaignStatus;
}

interface CampaignRow {
  id: string;
  profile_id: string;
  name: string;
  audience_id: string | null;
  sender_id: string;
  route_type: RouteType;
  schedule_json: string | null;
  when_passed: PassedPolicy | null;
  window_end_ms: number | null;
  quiet_hours_json: string;
  fallback_zone: string | null;
  budget_minor: number | null;
  throttle_per_minute: number | null;
  frequency_cap_hours: number | null;
  no_price_choices_json: string;
  currency: string | null;
  status: CampaignStatus;
  revision: number;
  blocked_json: string | null;
  account_sid: string | null;
  created_at_ms: number;
  updated_at_ms: number;
  launched_at_ms: number | null;
}

interface VariantRow {
  language: string;
  body: string;
  is_default: number;
  dlt_template_id: string | null;
  dlt_send: 'text' | 'stored-template';
}

/** The DLT choice is part of a variant only once made, so variants without one read as before. */
const toVariant = (v: VariantRow): VariantInput => ({
  language: v.language,
  body: v.body,
  isDefault: v.is_default === 1,
  ...(v.dlt_template_id !== null ? { dltTemplateId: v.dlt_template_id, dltSend: v.dlt_send } : {}),
});

interface WaveRow {
  wave_no: number;
  plan_id: string;
  zone: string;
  local_date: string;
  local_time: string;
  send_at_ms: number;
  submit: 'scheduled' | 'immediate';
  recipients: number;
  estimated_units: number;
  estimated_cost_minor: number;
  status: WaveRecord['status'];
}

const toWave = (row: WaveRow): WaveRecord => ({
  waveNo: row.wave_no,
  planId: row.plan_id,
  zone: row.zone,
  localDate: row.local_date,
  localTime: row.local_time,
  sendAtMs: row.send_at_ms,
  submit: row.submit,
  recipients: row.recipients,
  estimatedUnits: row.estimated_units,
  estimatedCostMinor: row.estimated_cost_minor,
  status: row.status,
});

export type SaveOutcome = 'saved' | 'missing' | 'stale' | 'not-draft';

/**
 * Campaigns with their variants and launched waves. Drafts are edited with optimistic
 * concurrency: a save names the revision it started from and fails as `stale` if another
 * window saved in between, so nobody overwrites a change they have not seen.
 */
export class CampaignsRepository {
  private readonly statements: StatementCache;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = statementsOf(db);
  }

  private get insertStatement() {
    return this.statements.statement(`
      INSERT INTO campaigns (id, profile_id, name, audience_id, sender_id, route_type, schedule_json, when_passed, window_end_ms,
        quiet_hours_json, fallback_zone, budget_minor, throttle_per_minute, frequency_cap_hours, no_price_choices_json, status, revision,
        created_at_ms, updated_at_ms)
      VALUES (@id, @profileId, @name, @audienceId, @senderId, @routeType, @scheduleJson, @whenPassed, @windowEndMs,
        @quietHoursJson, @fallbackZone, @budgetMinor, @throttlePerMinute, @frequencyCapHours, @noPriceChoicesJson, 'draft', 1, @nowMs, @nowMs)`);
  }

  private get saveStatement() {
    return this.statements.statement(`
      UPDATE campaigns SET name = @name, audience_id = @audienceId, sender_id = @senderId, route_type = @routeType,
        schedule_json = @scheduleJson, when_passed = @whenPassed, window_end_ms = @windowEndMs, quiet_hours_json = @quietHoursJson,
        fallback_zone = @fallbackZone, budget_minor = @budgetMinor, throttle_per_minute = @throttlePerMinute,
        frequency_cap_hours = @frequencyCapHours, no_price_choices_json = @noPriceChoicesJson, revision = revision + 1, updated_at_ms = @nowMs
      WHERE id = @id AND profile_id = @profileId AND revision = @revision AND status = 'draft'`);
  }

  private get byIdStatement() {
    return this.statements.statement<{ id: string; profileId: string }, CampaignRow>('SELECT * FROM campaigns WHERE id = @id AND profile_id = @profileId');
  }

  private get byProfileStatement() {
    return this.statements.statement<{ profileId: string }, CampaignRow>(
      'SELECT * FROM campaigns WHERE profile_id = @profileId ORDER BY updated_at_ms DESC, id',
    );
  }

  private get deleteStatement() {
    return this.statements.statement(
      `DELETE FROM campaigns WHERE id = @id AND profile_id = @profileId AND status IN (${sqlList(CampaignStatusGroup.deletable)})`,
    );
  }

  private get variantsStatement() {
    return this.statements.statement<{ id: string }, VariantRow>(
      'SELECT language, body, is_default, dlt_template_id, dlt_send FROM campaign_variants WHERE campaign_id = @id ORDER BY position',
    );
  }

  private get deleteVariantsStatement() {
    return this.statements.statement('DELETE FROM campaign_variants WHERE campaign_id = @id');
  }

  private get insertVariantStatement() {
    return this.statements.statement(`
      INSERT INTO campaign_variants (campaign_id, position, language, body, is_default, dlt_template_id, dlt_send)
      VALUES (@id, @position, @language, @body, @isDefault, @dltTemplateId, @dltSend)`);
  }

  private get wavesStatement() {
    return this.statements.statement<{ id: string }, WaveRow>('SELECT * FROM campaign_waves WHERE campaign_id = @id ORDER BY wave_no');
  }

  private get insertWaveStatement() {
    return this.statements.statement(`
      INSERT INTO campaign_waves (campaign_id, wave_no, plan_id, zone, local_date, local_time, send_at_ms, submit, recipients,
        estimated_units, estimated_cost_minor, status)
      VALUES (@campaignId, @waveNo, @planId, @zone, @localDate, @localTime, @sendAtMs, @submit, @recipients,
        @estimatedUnits, @estimatedCostMinor, 'pending')`);
  }

  private get setStatusStatement() {
    return this.statements.statement(`
      UPDATE campaigns SET status = @status, blocked_json = @blockedJson, updated_at_ms = @nowMs WHERE id = @id`);
  }

  private get markLaunchedStatement() {
    return this.statements.statement(`
      UPDATE campaigns SET status = @status, account_sid = @accountSid, currency = @currency, launched_at_ms = @nowMs, updated_at_ms = @nowMs,
        revision = revision + 1
      WHERE id = @id AND revision = @revision AND status = 'draft'`);
  }

  private get liveStatement() {
    return this.statements.statement<[], { id: string; profile_id: string; account_sid: string; status: CampaignStatus }>(`
      SELECT id, profile_id, account_sid, status FROM campaigns WHERE status IN (${sqlList(CampaignStatusGroup.live)}) AND account_sid IS NOT NULL`);
  }

  private get blockAccountStatement() {
    return this.statements.statement<{ profileId: string; accountSid: string; blockedJson: string; nowMs: number }, { id: string }>(`
      UPDATE campaigns SET status = 'paused', blocked_json = @blockedJson, updated_at_ms = @nowMs
      WHERE profile_id = @profileId AND account_sid = @accountSid AND status IN (${sqlList(CampaignStatusGroup.sending)})
      RETURNING id`);
  }

  private get setWaveStatusStatement() {
    return this.statements.statement(`
      UPDATE campaign_waves SET status = @status WHERE campaign_id = @campaignId AND wave_no = @waveNo AND status <> 'cancelled'`);
  }

  private get refreshWaveStatusStatement() {
    return this.statements.statement(`
      UPDATE campaign_waves SET status = CASE
          WHEN EXISTS (SELECT 1 FROM outbox
                       WHERE campaign_id = @campaignId AND wave_no = @waveNo AND state IN (${sqlList(OutboxStateGroup.notSent)})) THEN 'sending'
          ELSE 'sent' END
      WHERE campaign_id = @campaignId AND wave_no = @waveNo AND status <> 'cancelled'`);
  }

  private get recipientsStatement() {
    return this.statements.statement<{ id: string }, { recipients: number | null }>(
      'SELECT SUM(recipients) AS recipients FROM campaign_waves WHERE campaign_id = @id',
    );
  }

  /** A draft without no-price choices starts with none (a replay decides again against the current rate card). */
  create(
    record: { id: string; profileId: string } & Omit<CampaignDraft, 'noPriceChoices'> & Partial<Pick<CampaignDraft, 'noPriceChoices'>>,
    now: string,
  ): void {
    this.db
      .transaction(() => {
        this.insertStatement.run({
          ...draftParams({ ...record, noPriceChoices: record.noPriceChoices ?? {} }),
          id: record.id,
          profileId: record.profileId,
          nowMs: msOfIso(now),
        });
        this.writeVariants(record.id, record.variants);
      })
      .immediate();
  }

  /** Saves a whole draft if it is still a draft at `revision`; the variants are replaced with it. */
  save(profileId: string, id: string, revision: number, draft: CampaignDraft, now: string): SaveOutcome {
    return this.db
      .transaction((): SaveOutcome => {
        const changed = this.saveStatement.run({ ...draftParams(draft), id, profileId, revision, nowMs: msOfIso(now) }).changes;
        if (changed === 0) return this.whyNotSaved(profileId, id);
        this.writeVariants(id, draft.variants);
        return 'saved';
      })
      .immediate();
  }

  /** Whether no campaign of any profile has this id (ids are unique across the store). */
  isIdFree(id: string): boolean {
    return this.statements.statement<{ id: string }, { n: number }>('SELECT COUNT(*) AS n FROM campaigns WHERE id = @id').get({ id })?.n === 0;
  }

  get(profileId: string, id: string): CampaignRecord | undefined {
    const row = this.byIdStatement.get({ id, profileId });
    return row && this.toRecord(row);
  }

  list(profileId: string): Array<CampaignRecord & { recipients: number | null }> {
    return this.byProfileStatement.all({ profileId }).map((row) => ({
      ...this.toRecord(row),
      recipients: row.status === 'draft' ? null : (this.recipientsStatement.get({ id: row.id })?.recipients ?? 0),
    }));
  }

  /** Drafts and finished campaigns only: a live one must be cancelled first. */
  delete(profileId: string, id: string): boolean {
    return this.deleteStatement.run({ id, profileId }).changes > 0;
  }

  waves(id: string): WaveRecord[] {
    return this.wavesStatement.all({ id }).map(toWave);
  }

  insertWaves(campaignId: string, waves: readonly WaveRecord[]): void {
    for (const wave of waves) this.insertWaveStatement.run({ campaignId, ...wave });
  }

  /** Freezes a draft as launched; false if it changed or was launched meanwhile. */
  markLaunched(id: string, revision: number, launch: { status: 'scheduled' | 'running'; accountSid: string; currency: string }, nowMs: number): boolean {
    return this.markLaunchedStatement.run({ id, revision, ...launch, nowMs }).changes > 0;
  }

  setStatus(id: string, status: CampaignStatus, blockedReason: DeskErrorShape | null, now: string): void {
    this.setStatusStatement.run({ id, status, blockedJson: blockedReason === null ? null : JSON.stringify(blockedReason), nowMs: msOfIso(now) });
  }

  /** The account cannot send (key refused, suspended, no credit): every live campaign of it stops, saying why. */
  blockAccount(profileId: string, accountSid: string, reason: DeskErrorShape, now: string): string[] {
    return this.blockAccountStatement.all({ profileId, accountSid, blockedJson: JSON.stringify(reason), nowMs: msOfIso(now) }).map((row) => row.id);
  }

  setWaveStatus(campaignId: string, waveNo: number, status: WaveRecord['status']): void {
    this.setWaveStatusStatement.run({ campaignId, waveNo, status });
  }

  /** A request of the wave settled: `sending` while any of its requests still waits, then `sent`. */
  refreshWaveStatus(campaignId: string, waveNo: number): void {
    this.refreshWaveStatusStatement.run({ campaignId, waveNo });
  }

  live(): LiveCampaign[] {
    return this.liveStatement.all().map((row) => ({ id: row.id, profileId: row.profile_id, accountSid: row.account_sid, status: row.status }));
  }

  private get replay() {
    return {
      set: this.statements.statement<{ id: string; replayOf: string; statusesJson: string }>(
        'UPDATE campaigns SET replay_of = @replayOf, replay_statuses_json = @statusesJson WHERE id = @id',
      ),
      get: this.statements.statement<{ id: string; profileId: string }, { replay_of: string | null; replay_statuses_json: string | null }>(
        'SELECT replay_of, replay_statuses_json FROM campaigns WHERE id = @id AND profile_id = @profileId',
      ),
    };
  }

  /** Marks a draft as the replay of a finished campaign, to the recipients of these statuses. */
  setReplayOf(id: string, replayOf: string, statuses: readonly string[]): void {
    this.replay.set.run({ id, replayOf, statusesJson: JSON.stringify(statuses) });
  }

  /** The finished campaign a draft replays and the statuses it took; null for an ordinary campaign. */
  replayOf(profileId: string, id: string): { campaignId: string; statuses: string[] } | null {
    const row = this.replay.get.get({ id, profileId });
    if (!row || row.replay_of === null) return null;
    return { campaignId: row.replay_of, statuses: row.replay_statuses_json === null ? [] : (JSON.parse(row.replay_statuses_json) as string[]) };
  }

  private whyNotSaved(profileId: string, id: string): SaveOutcome {
    const current = this.byIdStatement.get({ id, profileId });
    if (!current) return 'missing';
    if (current.status !== 'draft') return 'not-draft';
    return 'stale';
  }

  private writeVariants(id: string, variants: readonly VariantInput[]): void {
    this.deleteVariantsStatement.run({ id });
    variants.forEach((variant, position) =>
      this.insertVariantStatement.run({
        id,
        position,
        language: variant.language,
        body: variant.body,
        isDefault: variant.isDefault ? 1 : 0,
        dltTemplateId: variant.dltTemplateId ?? null,
        dltSend: variant.dltSend ?? 'text',
      }),
    );
  }

  private toRecord(row: CampaignRow): CampaignRecord {
    return {
      id: row.id,
      profileId: row.profile_id,
      name: row.name,
      audienceId: row.audience_id,
      senderId: row.sender_id,
      routeType: row.route_type,
      schedule: row.schedule_json === null ? null : (JSON.parse(row.schedule_json) as ScheduleSpec),
      whenPassed: row.when_passed,
      windowEnd: row.window_end_ms === null ? null : isoAt(row.window_end_ms),
      quietHours: JSON.parse(row.quiet_hours_json) as QuietHours,
      fallbackZone: row.fallback_zone,
      budgetMinor: row.budget_minor,
      throttlePerMinute: row.throttle_per_minute,
      frequencyCapHours: row.frequency_cap_hours,
      noPriceChoices: JSON.parse(row.no_price_choices_json) as Record<string, NoPriceChoice>,
      variants: this.variantsStatement.all({ id: row.id }).map(toVariant),
      status: row.status,
      revision: row.revision,
      blockedReason: row.blocked_json === null ? null : (JSON.parse(row.blocked_json) as DeskErrorShape),
      accountSid: row.account_sid,
      currency: row.currency,
      createdAt: isoAt(row.created_at_ms),
      updatedAt: isoAt(row.updated_at_ms),
      launchedAtMs: row.launched_at_ms,
    };
  }
}

function draftParams(draft: CampaignDraft) {
  return {
    name: draft.name,
    audienceId: draft.audienceId,
    senderId: draft.senderId,
    routeType: draft.routeType,
    scheduleJson: draft.schedule === null ? null : JSON.stringify(draft.schedule),
    whenPassed: draft.whenPassed,
    windowEndMs: draft.windowEnd === null ? null : msOfIso(draft.windowEnd),
    quietHoursJson: JSON.stringify(draft.quietHours),
    fallbackZone: draft.fallbackZone,
    budgetMinor: draft.budgetMinor,
    throttlePerMinute: draft.throttlePerMinute,
    frequencyCapHours: draft.frequencyCapHours,
    noPriceChoicesJson: JSON.stringify(draft.noPriceChoices),
  };
}
