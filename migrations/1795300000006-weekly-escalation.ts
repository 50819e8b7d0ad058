import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The weekly escalation: each caseworker gets one message per ISO week listing their cases that need it,
 * guarded by a unique key; a case flagged two weeks running also goes to its department's lead. The facts the
 * selection needs are on the case row (indexed), plus the week a case was last flagged and its risk then.
 */
export class WeeklyEscalation1795300000006 implements MigrationInterface {
  name = 'WeeklyEscalation1795300000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE department ADD COLUMN lead_user_id uuid REFERENCES app_user(id) ON DELETE SET NULL;
      ALTER TABLE case_file
        ADD COLUMN escalated_week text,
        ADD COLUMN escalation_baseline_week text,
        ADD COLUMN escalation_baseline_rank integer;
      CREATE INDEX case_file_escalation_idx ON case_file (organisation_id, responsible_caseworker_id) WHERE status = 'open';

      CREATE TABLE escalation_setting (
        organisation_id uuid PRIMARY KEY REFERENCES organisation(id),
        eviction_within_days integer NOT NULL DEFAULT 21 CHECK (eviction_within_days BETWEEN 0 AND 365),
        no_contact_days integer NOT NULL DEFAULT 14 CHECK (no_contact_days BETWEEN 1 AND 365),
        missed_instalment boolean NOT NULL DEFAULT true,
        overdue_tasks boolean NOT NULL DEFAULT true,
        risk_raised boolean NOT NULL DEFAULT true,
        updated_by uuid REFERENCES app_user(id),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      );

      CREATE TABLE escalation_run (
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        iso_week text NOT NULL,
        finished_at timestamptz NOT NULL DEFAULT now(),
        messages integer NOT NULL DEFAULT 0,
        PRIMARY KEY (organisation_id, iso_week)
      );

      CREATE TABLE weekly_escalation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        iso_week text NOT NULL,
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        audience text NOT NULL CHECK (audience IN ('caseworker', 'lead')),
        -- [{caseId, caseNumber, reasons: [...]}]: case numbers and reason codes only.
        items jsonb NOT NULL,
        case_count integer NOT NULL,
        notification_id uuid REFERENCES notification(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (user_id, iso_week, audience)
      );
      CREATE INDEX weekly_escalation_org_week_idx ON weekly_escalation (organisation_id, iso_week);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE weekly_escalation;
      DROP TABLE escalation_run;
      DROP TABLE escalation_setting;
      DROP INDEX case_file_escalation_idx;
      ALTER TABLE case_file DROP COLUMN escalated_week, DROP COLUMN escalation_baseline_week, DROP COLUMN escalation_baseline_rank;
      ALTER TABLE department DROP COLUMN lead_user_id;
    `);
  }
}
