import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case workbench: a case is one episode of a tenancy at risk. The case row keeps the facts that lists,
 * reminders and escalations filter on (stage, dates, next step, risk, last contact, open tasks) so those reads
 * never have to derive them from the event history. Every editable resource carries a version for optimistic
 * concurrency. The timeline (case_event) is append-only.
 */
export class Cases1795300000002 implements MigrationInterface {
  name = 'Cases1795300000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE EXTENSION IF NOT EXISTS pg_trgm;

      CREATE SEQUENCE case_number_seq;
      CREATE TABLE case_file (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        department_id uuid NOT NULL REFERENCES department(id),
        tenancy_id uuid NOT NULL REFERENCES tenancy(id),
        case_number text NOT NULL,
        origin text NOT NULL CHECK (origin IN ('manual', 'arrears_import')),
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        stage text NOT NULL CHECK (stage IN ('arrears', 'demand', 'termination', 'legal', 'court', 'eviction_scheduled')),
        assigned_counsellor_id uuid REFERENCES app_user(id),
        responsible_caseworker_id uuid REFERENCES app_user(id),
        opened_at timestamptz NOT NULL DEFAULT now(),
        opened_stage text NOT NULL,
        -- "Help in time" is measured from these: the stage at the first two-way contact, and at close.
        help_began_at timestamptz,
        help_began_stage text,
        closed_at timestamptz,
        closed_stage text,
        outcome text CHECK (outcome IN ('paid', 'payment_agreement', 'municipal_aid', 'housing_benefit',
                                        'moved_voluntarily', 'evicted', 'no_contact', 'other')),
        outcome_note text,
        arrears_ore bigint NOT NULL DEFAULT 0,
        arrears_as_of date,
        oldest_due_date date,
        demand_sent_date date,
        demand_deadline date,
        termination_date date,
        legal_handover_date date,
        court_filed_date date,
        eviction_date date,
        children_in_household smallint NOT NULL DEFAULT 0 CHECK (children_in_household BETWEEN 0 AND 30),
        last_contact_at timestamptz,
        last_contact_attempt_at timestamptz,
        open_task_count integer NOT NULL DEFAULT 0,
        earliest_open_task_due date,
        agreement_status text CHECK (agreement_status IN ('active', 'completed', 'broken', 'cancelled')),
        missed_instalment_count integer NOT NULL DEFAULT 0,
        next_step text CHECK (next_step IN ('demand', 'termination', 'legal', 'court', 'eviction')),
        next_step_due date,
        next_step_estimated boolean NOT NULL DEFAULT false,
        risk_score smallint NOT NULL DEFAULT 0,
        -- Sort key "by risk": the level (after any override) first, then the score: level rank × 1000 + score.
        risk_rank integer NOT NULL DEFAULT 0,
        risk_level text NOT NULL DEFAULT 'low' CHECK (risk_level IN ('low', 'medium', 'high', 'critical')),
        risk_computed_level text NOT NULL DEFAULT 'low' CHECK (risk_computed_level IN ('low', 'medium', 'high', 'critical')),
        risk_reasons jsonb NOT NULL DEFAULT '[]',
        risk_override_level text CHECK (risk_override_level IN ('low', 'medium', 'high', 'critical')),
        risk_override_reason text,
        risk_override_by uuid REFERENCES app_user(id),
        risk_override_at timestamptz,
        risk_computed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        UNIQUE (organisation_id, case_number),
        CHECK ((status = 'closed') = (closed_at IS NOT NULL AND outcome IS NOT NULL AND closed_stage IS NOT NULL)),
        CHECK ((risk_override_level IS NULL) = (risk_override_reason IS NULL))
      );
      -- One open episode per tenancy at a time.
      CREATE UNIQUE INDEX case_file_open_tenancy_uq ON case_file (tenancy_id) WHERE status = 'open';
      CREATE INDEX case_file_tenancy_idx ON case_file (tenancy_id, opened_at);
      CREATE INDEX case_file_counsellor_idx ON case_file (assigned_counsellor_id, status, risk_rank DESC);
      CREATE INDEX case_file_caseworker_idx ON case_file (responsible_caseworker_id, status, risk_rank DESC);
      CREATE INDEX case_file_department_idx ON case_file (department_id, status, risk_rank DESC);
      CREATE INDEX case_file_org_risk_idx ON case_file (organisation_id, status, risk_rank DESC, id);
      CREATE INDEX case_file_org_due_idx ON case_file (organisation_id, status, next_step_due);
      CREATE INDEX tenancy_number_trgm_idx ON tenancy USING gin (tenancy_number gin_trgm_ops);
      CREATE INDEX tenancy_address_trgm_idx ON tenancy USING gin (address gin_trgm_ops);
      CREATE INDEX person_name_trgm_idx ON person USING gin (name gin_trgm_ops);

      CREATE TABLE case_event (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
        at timestamptz NOT NULL DEFAULT now(),
        kind text NOT NULL,
        actor_type text NOT NULL CHECK (actor_type IN ('user', 'api_client', 'system')),
        actor_id uuid,
        actor_label text,
        data jsonb NOT NULL DEFAULT '{}'
      );
      CREATE INDEX case_event_case_idx ON case_event (case_id, id DESC);
      CREATE INDEX case_event_case_kind_idx ON case_event (case_id, kind, id DESC);
      CREATE FUNCTION case_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'case_event is append-only';
      END $$;
      CREATE TRIGGER case_event_no_update BEFORE UPDATE ON case_event
        FOR EACH ROW EXECUTE FUNCTION case_event_append_only();

      CREATE TABLE case_note (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
        author_id uuid REFERENCES app_user(id),
        body text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      );
      CREATE INDEX case_note_case_idx ON case_note (case_id, created_at DESC);

      CREATE TABLE case_contact (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
        at timestamptz NOT NULL,
        channel text NOT NULL CHECK (channel IN ('letter', 'sms', 'phone', 'home_visit', 'meeting', 'email')),
        direction text NOT NULL DEFAULT 'outbound' CHECK (direction IN ('outbound', 'inbound')),
        reached boolean NOT NULL,
        summary text CHECK (length(summary) <= 2000),
        created_by uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX case_contact_case_idx ON case_contact (case_id, at DESC);

      CREATE TABLE case_task (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        due_date date NOT NULL,
        assignee_id uuid REFERENCES app_user(id),
        done_at timestamptz,
        done_by uuid REFERENCES app_user(id),
        created_by uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      );
      CREATE INDEX case_task_case_idx ON case_task (case_id, due_date);
      CREATE INDEX case_task_assignee_open_idx ON case_task (assignee_id, due_date) WHERE done_at IS NULL;

      CREATE TABLE budget_line (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('income', 'expense')),
        label text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
        amount_ore bigint NOT NULL CHECK (amount_ore >= 0),
        frequency text NOT NULL DEFAULT 'monthly' CHECK (frequency IN ('monthly', 'quarterly', 'yearly', 'weekly')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      );
      CREATE INDEX budget_line_case_idx ON budget_line (case_id);

      CREATE TABLE case_debt (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
        creditor text NOT NULL CHECK (length(creditor) BETWEEN 1 AND 200),
        creditor_kind text NOT NULL CHECK (creditor_kind IN ('rent', 'utilities', 'public', 'bank', 'consumer', 'private', 'other')),
        amount_ore bigint NOT NULL CHECK (amount_ore >= 0),
        note text CHECK (length(note) <= 2000),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      );
      CREATE INDEX case_debt_case_idx ON case_debt (case_id);

      CREATE TABLE payment_agreement (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'completed', 'broken', 'cancelled')),
        agreed_date date NOT NULL,
        note text CHECK (length(note) <= 2000),
        created_by uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      );
      CREATE UNIQUE INDEX payment_agreement_active_uq ON payment_agreement (case_id) WHERE status = 'active';
      CREATE INDEX payment_agreement_case_idx ON payment_agreement (case_id, created_at DESC);

      CREATE TABLE agreement_instalment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agreement_id uuid NOT NULL REFERENCES payment_agreement(id) ON DELETE CASCADE,
        seq integer NOT NULL CHECK (seq >= 1),
        due_date date NOT NULL,
        amount_ore bigint NOT NULL CHECK (amount_ore > 0),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'paid', 'missed')),
        paid_date date,
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        UNIQUE (agreement_id, seq),
        CHECK ((status = 'paid') = (paid_date IS NOT NULL))
      );
      CREATE INDEX agreement_instalment_due_idx ON agreement_instalment (due_date) WHERE status = 'pending';

      CREATE TABLE case_application (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('municipal_aid', 'housing_benefit')),
        status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'submitted', 'granted', 'rejected', 'withdrawn')),
        submitted_date date,
        decided_date date,
        amount_ore bigint CHECK (amount_ore >= 0),
        note text CHECK (length(note) <= 2000),
        created_by uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      );
      CREATE INDEX case_application_case_idx ON case_application (case_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE case_application;
      DROP TABLE agreement_instalment;
      DROP TABLE payment_agreement;
      DROP TABLE case_debt;
      DROP TABLE budget_line;
      DROP TABLE case_task;
      DROP TABLE case_contact;
      DROP TABLE case_note;
      DROP TABLE case_event;
      DROP FUNCTION case_event_append_only();
      DROP TABLE case_file;
      DROP SEQUENCE case_number_seq;
      DROP INDEX person_name_trgm_idx;
      DROP INDEX tenancy_address_trgm_idx;
      DROP INDEX tenancy_number_trgm_idx;
      DROP EXTENSION pg_trgm;
    `);
  }
}
