/**
 * The team workspace's schema in PostgreSQL, as numbered migrations. Shipped migrations never
 * change; a change is a new entry at the end. Everything lives in the schema `desk`.
 *
 * Every shared table carries `organisation_id` (the parent account) and `account_sid` (the
 * parent's own SID, or one of its sub-accounts'), so row-level security can decide every row
 * alone. No table has a column for an API key, a Kaleyra secret or a password: those stay on the
 * desktops (tests/integration/workspace/row-level-security.test.ts checks the catalogue).
 */
export interface WorkspaceMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** The NOLOGIN group every member's login role belongs to; privileges are granted to it, rows are decided by RLS. */
export const MEMBER_GROUP_ROLE = 'desk_member';

/** Tables whose rows desktops pull; each has `change_xid` (the writing transaction) and a NOTIFY trigger. */
export const PULLED_TABLES = [
  'campaigns',
  'plan_summaries',
  'audiences',
  'suppressions',
  'last_messaged',
  'reservations',
  'launch_leases',
  'approval_rules',
  'approvals',
  'activity',
] as const;
export type PulledTable = (typeof PULLED_TABLES)[number];

/** The channel `LISTEN`ed by online desktops; the payload is only the table's name (notifications bypass RLS). */
export const CHANGES_CHANNEL = 'desk_changes';

const changeTracking = (table: PulledTable) => `
  CREATE INDEX ${table}_change_xid ON desk.${table} (organisation_id, change_xid);
  CREATE TRIGGER ${table}_stamp BEFORE INSERT OR UPDATE ON desk.${table} FOR EACH ROW EXECUTE FUNCTION desk.stamp_change();
  CREATE TRIGGER ${table}_notify AFTER INSERT OR UPDATE OR DELETE ON desk.${table} FOR EACH STATEMENT EXECUTE FUNCTION desk.notify_change();
`;

// Who is asking is evaluated once per statement (an InitPlan), not once per row: a pull of a
// million audience rows must not call a function a million times.
const MY_ORGANISATION = '(SELECT desk.my_organisation())';
const MY_ACCOUNT = '(SELECT desk.my_account())';
const IS_PARENT_MANAGER = '(SELECT desk.is_parent_manager())';
/** A sub-account's member reads its own rows; a parent manager reads every row of the organisation. */
const CAN_READ = `(organisation_id = ${MY_ORGANISATION} AND (${IS_PARENT_MANAGER} OR account_sid = ${MY_ACCOUNT}))`;
/** Everyone writes only their own account's rows (a parent manager: the parent's own). */
const CAN_WRITE = `(organisation_id = ${MY_ORGANISATION} AND account_sid = ${MY_ACCOUNT})`;
const PARENT_MANAGER_OF_ORGANISATION = `(${IS_PARENT_MANAGER} AND organisation_id = ${MY_ORGANISATION})`;

/** Tables whose rows belong to one account and are read as CAN_READ in migration 2 (suppressions read wider). */
const ACCOUNT_TABLES = ['campaigns', 'plan_summaries', 'audiences', 'audience_rows', 'last_messaged', 'launch_leases', 'reservations'];

/** The four policies of a table whose rows belong to one account: read as CAN_READ, write only your own account's rows. */
const accountPolicies = (table: string, readCondition = CAN_READ) => `
  ALTER TABLE desk.${table} ENABLE ROW LEVEL SECURITY;
  CREATE POLICY ${table}_select ON desk.${table} FOR SELECT TO ${MEMBER_GROUP_ROLE} USING (${readCondition});
  CREATE POLICY ${table}_insert ON desk.${table} FOR INSERT TO ${MEMBER_GROUP_ROLE} WITH CHECK (${CAN_WRITE});
  CREATE POLICY ${table}_update ON desk.${table} FOR UPDATE TO ${MEMBER_GROUP_ROLE} USING (${CAN_WRITE}) WITH CHECK (${CAN_WRITE});
  CREATE POLICY ${table}_delete ON desk.${table} FOR DELETE TO ${MEMBER_GROUP_ROLE} USING (${CAN_WRITE});
`;

export const WORKSPACE_MIGRATIONS: readonly WorkspaceMigration[] = [
  {
    version: 1,
    name: 'organisation, members and shared tables',
    sql: `
      CREATE TABLE desk.organisations (
        id          text PRIMARY KEY,           -- the parent account's SID
        name        text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE desk.subaccounts (
        organisation_id text NOT NULL REFERENCES desk.organisations (id),
        sid             text NOT NULL,
        name            text NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, sid),
        UNIQUE (sid)
      );
      -- One row per login role. A parent manager's account_sid is the parent's own SID.
      CREATE TABLE desk.members (
        role_name       text PRIMARY KEY,
        organisation_id text NOT NULL REFERENCES desk.organisations (id),
        kind            text NOT NULL CHECK (kind IN ('parent_manager', 'subaccount_member')),
        account_sid     text NOT NULL,
        display_name    text NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'parent_manager') = (account_sid = organisation_id))
      );

      CREATE TABLE desk.campaigns (
        id              uuid PRIMARY KEY,
        organisation_id text NOT NULL REFERENCES desk.organisations (id),
        account_sid     text NOT NULL,
        name            text NOT NULL,
        status          text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'launching', 'launched', 'finished', 'cancelled')),
        variants        jsonb NOT NULL DEFAULT '[]',
        schedule        jsonb NOT NULL DEFAULT '{}',
        budget_minor    bigint CHECK (budget_minor IS NULL OR budget_minor >= 0),
        currency        text,
        revision        integer NOT NULL DEFAULT 1 CHECK (revision >= 1),
        updated_by      text NOT NULL DEFAULT session_user,
        updated_at      timestamptz NOT NULL DEFAULT now(),
        launched_by     text,
        launched_at     timestamptz,
        change_xid      xid8 NOT NULL DEFAULT pg_current_xact_id(),
        -- Children reference (id, organisation, account): a row cannot claim another account's campaign.
        UNIQUE (id, organisation_id, account_sid)
      );
      CREATE TABLE desk.plan_summaries (
        campaign_id     uuid NOT NULL,
        revision        integer NOT NULL,
        organisation_id text NOT NULL,
        account_sid     text NOT NULL,
        FOREIGN KEY (campaign_id, organisation_id, account_sid) REFERENCES desk.campaigns (id, organisation_id, account_sid) ON DELETE CASCADE,
        recipients      integer NOT NULL CHECK (recipients >= 0),
        left_out        integer NOT NULL DEFAULT 0 CHECK (left_out >= 0),
        estimate_minor  bigint NOT NULL CHECK (estimate_minor >= 0),
        currency        text NOT NULL,
        waves           jsonb NOT NULL DEFAULT '[]',
        planned_by      text NOT NULL DEFAULT session_user,
        planned_at      timestamptz NOT NULL DEFAULT now(),
        change_xid      xid8 NOT NULL DEFAULT pg_current_xact_id(),
        PRIMARY KEY (campaign_id, revision)
      );
      CREATE TABLE desk.audiences (
        id              uuid PRIMARY KEY,
        organisation_id text NOT NULL REFERENCES desk.organisations (id),
        account_sid     text NOT NULL,
        name            text NOT NULL,
        row_count       integer NOT NULL DEFAULT 0 CHECK (row_count >= 0),
        columns         jsonb NOT NULL DEFAULT '[]',
        revision        integer NOT NULL DEFAULT 1,
        deleted         boolean NOT NULL DEFAULT false,
        updated_by      text NOT NULL DEFAULT session_user,
        updated_at      timestamptz NOT NULL DEFAULT now(),
        change_xid      xid8 NOT NULL DEFAULT pg_current_xact_id(),
        UNIQUE (id, organisation_id, account_sid)
      );
      -- Rows are moved with COPY; each carries its account so RLS decides it alone.
      CREATE TABLE desk.audience_rows (
        audience_id     uuid NOT NULL,
        row_number      integer NOT NULL,
        organisation_id text NOT NULL,
        account_sid     text NOT NULL,
        FOREIGN KEY (audience_id, organisation_id, account_sid) REFERENCES desk.audiences (id, organisation_id, account_sid) ON DELETE CASCADE,
        phone_e164      text,
        country         text,
        zone            text,
        fields          jsonb NOT NULL DEFAULT '{}',
        PRIMARY KEY (audience_id, row_number)
      );
      -- account_sid = organisation_id: organisation-wide (set by parent managers, honoured by everyone).
      CREATE TABLE desk.suppressions (
        id              uuid PRIMARY KEY,
        organisation_id text NOT NULL REFERENCES desk.organisations (id),
        account_sid     text NOT NULL,
        phone_e164      text NOT NULL,
        reason          text NOT NULL DEFAULT 'do_not_contact',
        note            text NOT NULL DEFAULT '',
        deleted         boolean NOT NULL DEFAULT false,
        revision        integer NOT NULL DEFAULT 1,
        updated_by      text NOT NULL DEFAULT session_user,
        updated_at      timestamptz NOT NULL DEFAULT now(),
        change_xid      xid8 NOT NULL DEFAULT pg_current_xact_id(),
        UNIQUE (organisation_id, account_sid, phone_e164)
      );
      CREATE TABLE desk.last_messaged (
        organisation_id text NOT NULL,
        account_sid     text NOT NULL,
        phone_e164      text NOT NULL,
        last_at         timestamptz NOT NULL,
        campaign_id     uuid,
        change_xid      xid8 NOT NULL DEFAULT pg_current_xact_id(),
        PRIMARY KEY (organisation_id, account_sid, phone_e164)
      );
      CREATE TABLE desk.launch_leases (
        campaign_id     uuid PRIMARY KEY,
        organisation_id text NOT NULL,
        account_sid     text NOT NULL,
        FOREIGN KEY (campaign_id, organisation_id, account_sid) REFERENCES desk.campaigns (id, organisation_id, account_sid) ON DELETE CASCADE,
        holder_role     text NOT NULL DEFAULT session_user,
        holder_name     text NOT NULL,
        desktop_id      text NOT NULL,
        desktop_name    text NOT NULL,
        revision        integer NOT NULL,
        taken_at        timestamptz NOT NULL DEFAULT now(),
        expires_at      timestamptz NOT NULL,
        released_at     timestamptz,
        change_xid      xid8 NOT NULL DEFAULT pg_current_xact_id()
      );
      CREATE TABLE desk.reservations (
        id              uuid PRIMARY KEY,
        organisation_id text NOT NULL,
        account_sid     text NOT NULL,
        campaign_id     uuid NOT NULL,
        FOREIGN KEY (campaign_id, organisation_id, account_sid) REFERENCES desk.campaigns (id, organisation_id, account_sid),
        amount_minor    bigint NOT NULL CHECK (amount_minor > 0),
        currency        text NOT NULL,
        desktop_id      text NOT NULL,
        created_by      text NOT NULL DEFAULT session_user,
        created_at      timestamptz NOT NULL DEFAULT now(),
        released_at     timestamptz,
        change_xid      xid8 NOT NULL DEFAULT pg_current_xact_id()
      );
      -- A parent manager's rule: campaigns of this sub-account estimated above the threshold need approval.
      CREATE TABLE desk.approval_rules (
        organisation_id text NOT NULL,
        account_sid     text NOT NULL,
        threshold_minor bigint NOT NULL CHECK (threshold_minor >= 0),
        currency        text NOT NULL,
        set_by          text NOT NULL DEFAULT session_user,
        set_at          timestamptz NOT NULL DEFAULT now(),
        change_xid      xid8 NOT NULL DEFAULT pg_current_xact_id(),
        PRIMARY KEY (organisation_id, account_sid)
      );
      CREATE TABLE desk.approvals (
        campaign_id     uuid NOT NULL,
        revision        integer NOT NULL,
        organisation_id text NOT NULL,
        account_sid     text NOT NULL,
        FOREIGN KEY (campaign_id, organisation_id, account_sid) REFERENCES desk.campaigns (id, organisation_id, account_sid) ON DELETE CASCADE,
        estimate_minor  bigint NOT NULL,
        status          text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'approved', 'rejected')),
        requested_by    text NOT NULL DEFAULT session_user,
        requested_at    timestamptz NOT NULL DEFAULT now(),
        decided_by      text,
        decided_at      timestamptz,
        note            text NOT NULL DEFAULT '',
        change_xid      xid8 NOT NULL DEFAULT pg_current_xact_id(),
        PRIMARY KEY (campaign_id, revision)
      );
      CREATE TABLE desk.activity (
        id              bigserial PRIMARY KEY,
        organisation_id text NOT NULL,
        account_sid     text NOT NULL,
        actor           text NOT NULL DEFAULT session_user,
        action          text NOT NULL,
        subject         text NOT NULL DEFAULT '',
        detail          jsonb NOT NULL DEFAULT '{}',
        at              timestamptz NOT NULL DEFAULT now(),
        change_xid      xid8 NOT NULL DEFAULT pg_current_xact_id()
      );

      -- Every write stamps its transaction's id: pulls read the window [previous watermark, current xmin).
      CREATE FUNCTION desk.stamp_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.change_xid := pg_current_xact_id();
        RETURN NEW;
      END $$;
      CREATE FUNCTION desk.notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('${CHANGES_CHANNEL}', TG_TABLE_NAME);
        RETURN NULL;
      END $$;
      ${PULLED_TABLES.map(changeTracking).join('\n')}
      CREATE INDEX audience_rows_account ON desk.audience_rows (organisation_id, account_sid, audience_id);
      CREATE INDEX reservations_campaign ON desk.reservations (campaign_id);
    `,
  },
  {
    version: 2,
    name: 'row-level security mirroring Kaleyra parent and sub-account rules',
    sql: `
      -- Who is asking, read from the members table by SECURITY DEFINER functions (members
      -- cannot read that table beyond their own row), keyed on the login role: session_user,
      -- because inside a SECURITY DEFINER function current_user is the owner, and because a
      -- member may SET ROLE to the members' group but never to another login.
      CREATE FUNCTION desk.my_membership() RETURNS desk.members LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, desk AS $$
        SELECT * FROM desk.members WHERE role_name = session_user
      $$;
      CREATE FUNCTION desk.my_organisation() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, desk AS $$
        SELECT organisation_id FROM desk.members WHERE role_name = session_user
      $$;
      CREATE FUNCTION desk.my_account() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, desk AS $$
        SELECT account_sid FROM desk.members WHERE role_name = session_user
      $$;
      CREATE FUNCTION desk.is_parent_manager() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, desk AS $$
        SELECT coalesce((SELECT kind = 'parent_manager' FROM desk.members WHERE role_name = session_user), false)
      $$;

      REVOKE ALL ON SCHEMA desk FROM PUBLIC;
      GRANT USAGE ON SCHEMA desk TO ${MEMBER_GROUP_ROLE};
      REVOKE ALL ON ALL FUNCTIONS IN SCHEMA desk FROM PUBLIC;
      GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA desk TO ${MEMBER_GROUP_ROLE};
      GRANT SELECT ON desk.organisations, desk.subaccounts, desk.members TO ${MEMBER_GROUP_ROLE};
      GRANT SELECT, INSERT, UPDATE, DELETE ON desk.campaigns, desk.plan_summaries, desk.audiences, desk.audience_rows,
        desk.suppressions, desk.last_messaged, desk.launch_leases, desk.reservations TO ${MEMBER_GROUP_ROLE};
      GRANT SELECT, INSERT, UPDATE, DELETE ON desk.approval_rules TO ${MEMBER_GROUP_ROLE};
      -- A decision changes only the decision: never the revision or the estimate that was approved.
      GRANT SELECT, INSERT, UPDATE (status, decided_by, decided_at, note) ON desk.approvals TO ${MEMBER_GROUP_ROLE};
      GRANT SELECT, INSERT ON desk.activity TO ${MEMBER_GROUP_ROLE};
      GRANT USAGE ON SEQUENCE desk.activity_id_seq TO ${MEMBER_GROUP_ROLE};

      ALTER TABLE desk.organisations ENABLE ROW LEVEL SECURITY;
      CREATE POLICY organisations_select ON desk.organisations FOR SELECT TO ${MEMBER_GROUP_ROLE} USING (id = desk.my_organisation());
      ALTER TABLE desk.subaccounts ENABLE ROW LEVEL SECURITY;
      CREATE POLICY subaccounts_select ON desk.subaccounts FOR SELECT TO ${MEMBER_GROUP_ROLE}
        USING (organisation_id = ${MY_ORGANISATION} AND (${IS_PARENT_MANAGER} OR sid = ${MY_ACCOUNT}));
      ALTER TABLE desk.members ENABLE ROW LEVEL SECURITY;
      CREATE POLICY members_select ON desk.members FOR SELECT TO ${MEMBER_GROUP_ROLE}
        USING (role_name = session_user OR ${CAN_READ});

      ${ACCOUNT_TABLES.map((t) => accountPolicies(t)).join('\n')}
      -- Organisation-wide suppressions (the parent's rows) protect every sub-account: everyone in the organisation reads them.
      ${accountPolicies('suppressions', `${CAN_READ} OR (organisation_id = ${MY_ORGANISATION} AND account_sid = organisation_id)`)}

      -- Approval rules: set by parent managers for any sub-account of theirs, read by that sub-account.
      ALTER TABLE desk.approval_rules ENABLE ROW LEVEL SECURITY;
      CREATE POLICY approval_rules_select ON desk.approval_rules FOR SELECT TO ${MEMBER_GROUP_ROLE} USING (${CAN_READ});
      CREATE POLICY approval_rules_write ON desk.approval_rules FOR ALL TO ${MEMBER_GROUP_ROLE}
        USING (${PARENT_MANAGER_OF_ORGANISATION}) WITH CHECK (${PARENT_MANAGER_OF_ORGANISATION} AND account_sid <> organisation_id AND set_by = session_user);
      -- Approvals: the sub-account requests (for its own campaigns), a parent manager decides.
      ALTER TABLE desk.approvals ENABLE ROW LEVEL SECURITY;
      CREATE POLICY approvals_select ON desk.approvals FOR SELECT TO ${MEMBER_GROUP_ROLE} USING (${CAN_READ});
      CREATE POLICY approvals_request ON desk.approvals FOR INSERT TO ${MEMBER_GROUP_ROLE}
        WITH CHECK (${CAN_WRITE} AND status = 'requested' AND decided_by IS NULL AND requested_by = session_user);
      CREATE POLICY approvals_decide ON desk.approvals FOR UPDATE TO ${MEMBER_GROUP_ROLE}
        USING (${PARENT_MANAGER_OF_ORGANISATION}) WITH CHECK (${PARENT_MANAGER_OF_ORGANISATION} AND decided_by = session_user);
      -- The activity log is append-only and signed by the writer's own role.
      ALTER TABLE desk.activity ENABLE ROW LEVEL SECURITY;
      CREATE POLICY activity_select ON desk.activity FOR SELECT TO ${MEMBER_GROUP_ROLE} USING (${CAN_READ});
      CREATE POLICY activity_insert ON desk.activity FOR INSERT TO ${MEMBER_GROUP_ROLE}
        WITH CHECK (${CAN_WRITE} AND actor = session_user);
    `,
  },
  {
    version: 3,
    name: 'shared audiences: the import report with the metadata, every field of a row, rows complete',
    sql: `
      -- What a teammate's desktop needs to use a shared audience exactly like its own import: the
      -- counts and report, who shared it, and whether every row is in (an upload cut short stays
      -- false until it resumes and finishes).
      ALTER TABLE desk.audiences
        ADD COLUMN source_name     text,
        ADD COLUMN default_country text,
        ADD COLUMN counts          jsonb NOT NULL DEFAULT '{}',
        ADD COLUMN report          jsonb,
        ADD COLUMN rows_complete   boolean NOT NULL DEFAULT false,
        ADD COLUMN shared_by       text NOT NULL DEFAULT session_user,
        ADD COLUMN shared_at       timestamptz NOT NULL DEFAULT now();
      -- A row is a recipient (phone_e164 set) or a row the import left out (phone_e164 null); issues
      -- holds why, row by row, as the import report lists them.
      ALTER TABLE desk.audience_rows
        ADD COLUMN name            text,
        ADD COLUMN language        text,
        ADD COLUMN country_source  text,
        ADD COLUMN zone_source     text,
        ADD COLUMN zone_candidates jsonb,
        ADD COLUMN issues          jsonb;
      -- Row-level security refuses COPY FROM on the table itself: rows are copied into a temporary
      -- table and inserted from there (the policies check every row), which needs TEMPORARY.
      DO $$ BEGIN
        EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO ${MEMBER_GROUP_ROLE}', current_database());
      END $$;
      `,
  },
  {
    version: 4,
    name: "members' display names readable within the organisation (who asked, who decided)",
    sql: `
      -- A team may not read the parent managers' member rows, but may know who decided its request:
      -- only the display name, only of a member of the caller's own organisation.
      CREATE FUNCTION desk.member_display_name(member_role text) RETURNS text LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, desk AS $$
        SELECT display_name FROM desk.members
         WHERE role_name = member_role AND organisation_id = (SELECT organisation_id FROM desk.members WHERE role_name = session_user)
      $$;
      REVOKE ALL ON FUNCTION desk.member_display_name(text) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION desk.member_display_name(text) TO ${MEMBER_GROUP_ROLE};
    `,
  },
];
