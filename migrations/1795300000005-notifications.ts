import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reminders and notifications: the transactional outbox (what must happen after a change is written in the
 * change's own transaction and relayed to the queue by the worker), reminders with their due time and state,
 * the in-app notifications (the bell), and each user's e-mail preference.
 */
export class Notifications1795300000005 implements MigrationInterface {
  name = 'Notifications1795300000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        created_at timestamptz NOT NULL DEFAULT now(),
        queue text NOT NULL,
        job_name text NOT NULL,
        -- Ids only: never names, CPR numbers or amounts.
        payload jsonb NOT NULL DEFAULT '{}',
        -- The job runs no earlier than this (a reminder's due time).
        run_at timestamptz NOT NULL DEFAULT now(),
        relayed_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text
      );
      CREATE INDEX outbox_pending_idx ON outbox (id) WHERE relayed_at IS NULL;

      ALTER TABLE app_user ADD COLUMN notify_by_email boolean NOT NULL DEFAULT true;

      CREATE TABLE reminder (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        case_id uuid NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('task_due', 'demand_deadline', 'eviction_approaching', 'instalment_missed', 'no_contact')),
        -- What the reminder is about, e.g. the task or instalment; with the kind and due time it identifies the reminder.
        subject_key text NOT NULL,
        recipient_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        due_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'sent', 'cancelled')),
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        cancelled_at timestamptz,
        cancel_reason text,
        UNIQUE (case_id, kind, subject_key, recipient_id, due_at)
      );
      CREATE INDEX reminder_case_idx ON reminder (case_id) WHERE status = 'scheduled';
      CREATE INDEX reminder_due_idx ON reminder (due_at) WHERE status = 'scheduled';

      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        kind text NOT NULL,
        case_id uuid REFERENCES case_file(id) ON DELETE CASCADE,
        reminder_id uuid UNIQUE REFERENCES reminder(id) ON DELETE CASCADE,
        -- Case number and dates only; the UI and the e-mail link to the case for the rest.
        data jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        email_status text NOT NULL DEFAULT 'none' CHECK (email_status IN ('none', 'pending', 'sent', 'failed')),
        emailed_at timestamptz
      );
      CREATE INDEX notification_user_idx ON notification (user_id, created_at DESC);
      CREATE INDEX notification_unread_idx ON notification (user_id) WHERE read_at IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE notification;
      DROP TABLE reminder;
      ALTER TABLE app_user DROP COLUMN notify_by_email;
      DROP TABLE outbox;
    `);
  }
}
