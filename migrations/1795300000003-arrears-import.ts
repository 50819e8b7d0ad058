import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Arrears intake: snapshots from the ledger systems (kept raw with their checksum), their rejected rows, the
 * per-tenancy arrears history, the newest snapshot applied per department (so an older one never overwrites
 * newer state), the trigger rules that open and close cases, and the staging table the worker COPYs into.
 */
export class ArrearsImport1795300000003 implements MigrationInterface {
  name = 'ArrearsImport1795300000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE arrears_import (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        format text NOT NULL CHECK (format IN ('csv', 'json')),
        source text,
        as_of date,
        -- Department codes the caller said the snapshot covers (null: those in its rows); resolved to ids when applied.
        requested_departments text[],
        covered_department_ids uuid[],
        -- The departments the uploader may write to (null: the whole organisation, for an admin).
        allowed_department_ids uuid[],
        checksum text,
        size_bytes bigint NOT NULL DEFAULT 0,
        content_type text,
        idempotency_key text,
        actor_type text NOT NULL CHECK (actor_type IN ('user', 'api_client', 'system')),
        actor_id uuid,
        actor_label text,
        status text NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'validating', 'applying', 'done', 'failed')),
        outcome text CHECK (outcome IN ('applied', 'stale', 'partly_stale', 'nothing_to_apply')),
        failure_reason text,
        unknown_columns text[] NOT NULL DEFAULT '{}',
        rows_read integer NOT NULL DEFAULT 0,
        rows_rejected integer NOT NULL DEFAULT 0,
        rows_applied integer NOT NULL DEFAULT 0,
        cases_opened integer NOT NULL DEFAULT 0,
        cases_updated integer NOT NULL DEFAULT 0,
        cases_cleared integer NOT NULL DEFAULT 0,
        cases_closed integer NOT NULL DEFAULT 0,
        attempts integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        replay_of uuid REFERENCES arrears_import(id)
      );
      -- The same content for the same organisation is the same import.
      CREATE UNIQUE INDEX arrears_import_checksum_uq ON arrears_import (organisation_id, checksum) WHERE replay_of IS NULL;
      CREATE UNIQUE INDEX arrears_import_idempotency_uq ON arrears_import (organisation_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
      CREATE INDEX arrears_import_org_idx ON arrears_import (organisation_id, created_at DESC);
      CREATE INDEX arrears_import_pending_idx ON arrears_import (status) WHERE status NOT IN ('done', 'failed');

      -- The raw upload in 1 MiB pieces, so the worker (on another machine) can stream it and an admin can trace it.
      CREATE TABLE arrears_upload_chunk (
        import_id uuid NOT NULL REFERENCES arrears_import(id) ON DELETE CASCADE,
        seq integer NOT NULL,
        data bytea NOT NULL,
        PRIMARY KEY (import_id, seq)
      );

      CREATE TABLE arrears_import_error (
        id bigserial PRIMARY KEY,
        import_id uuid NOT NULL REFERENCES arrears_import(id) ON DELETE CASCADE,
        line integer,
        column_name text,
        reason text NOT NULL,
        detail text
      );
      CREATE INDEX arrears_import_error_import_idx ON arrears_import_error (import_id, line, id);

      -- Valid rows of a snapshot on their way in. Unlogged: a crash loses only what the retry re-stages.
      CREATE UNLOGGED TABLE arrears_staging (
        import_id uuid NOT NULL,
        line integer NOT NULL,
        tenancy_number text NOT NULL,
        department_code text NOT NULL,
        address text,
        unit text,
        postal_code text,
        tenant_names text[],
        cpr_encrypted text,
        cpr_key_id text,
        cpr_blind_index text,
        phone text,
        email text,
        monthly_rent_ore bigint,
        arrears_ore bigint NOT NULL,
        oldest_due_date date,
        demand_sent_date date,
        termination_date date,
        court_filed_date date,
        eviction_date date,
        children integer,
        payment_agreement boolean
      );
      CREATE INDEX arrears_staging_import_idx ON arrears_staging (import_id);

      -- One point per tenancy per snapshot.
      CREATE TABLE arrears_history (
        tenancy_id uuid NOT NULL REFERENCES tenancy(id) ON DELETE CASCADE,
        as_of date NOT NULL,
        arrears_ore bigint NOT NULL,
        import_id uuid NOT NULL REFERENCES arrears_import(id) ON DELETE CASCADE,
        PRIMARY KEY (tenancy_id, as_of)
      );

      CREATE TABLE arrears_department_state (
        department_id uuid PRIMARY KEY REFERENCES department(id) ON DELETE CASCADE,
        last_as_of date NOT NULL,
        last_import_id uuid NOT NULL REFERENCES arrears_import(id)
      );

      -- The ledger's view of each tenancy as of its department's newest applied snapshot (arrears_department_state).
      ALTER TABLE tenancy
        ADD COLUMN arrears_ore bigint NOT NULL DEFAULT 0,
        ADD COLUMN arrears_zero_since date,
        ADD COLUMN payment_agreement boolean;

      ALTER TABLE case_file ADD COLUMN arrears_zero_since date;

      -- When the ledger opens and closes cases: per organisation (department_id null) with per-department overrides.
      CREATE TABLE case_trigger_rule (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        department_id uuid REFERENCES department(id) ON DELETE CASCADE,
        open_min_months numeric(5,2) CHECK (open_min_months > 0),
        open_min_ore bigint CHECK (open_min_ore > 0),
        open_on_demand boolean NOT NULL DEFAULT true,
        close_after_days_at_zero integer CHECK (close_after_days_at_zero BETWEEN 0 AND 3650),
        updated_by uuid REFERENCES app_user(id),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      );
      CREATE UNIQUE INDEX case_trigger_rule_org_uq ON case_trigger_rule (organisation_id) WHERE department_id IS NULL;
      CREATE UNIQUE INDEX case_trigger_rule_dept_uq ON case_trigger_rule (organisation_id, department_id) WHERE department_id IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE case_trigger_rule;
      ALTER TABLE case_file DROP COLUMN arrears_zero_since;
      ALTER TABLE tenancy DROP COLUMN arrears_ore, DROP COLUMN arrears_zero_since, DROP COLUMN payment_agreement;
      DROP TABLE arrears_department_state;
      DROP TABLE arrears_history;
      DROP TABLE arrears_staging;
      DROP TABLE arrears_import_error;
      DROP TABLE arrears_upload_chunk;
      DROP TABLE arrears_import;
    `);
  }
}
