import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The integration module: partners tenants are routed to (the association's own debt counselling, municipal
 * contact points, volunteer organisations), versioned; the routing rules admins edit; the consent ledger; referrals
 * and their life cycle; every message to a partner (its id is the webhook id) with delivery state and a dead letter;
 * the statutory notice to the municipality at the court stage, once per case; answers already seen (replays).
 */
export class Referrals1795300000008 implements MigrationInterface {
  name = 'Referrals1795300000008';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE partner (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        kind text NOT NULL CHECK (kind IN ('own_counselling', 'municipal', 'volunteer', 'other')),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        description text CHECK (length(description) <= 2000),
        -- A municipal contact point serves one municipality; volunteers and others list the ones they serve (none: all).
        municipality_code char(3) REFERENCES municipality(code),
        areas text[] NOT NULL DEFAULT '{}',
        services text[] NOT NULL DEFAULT '{}',
        languages text[] NOT NULL DEFAULT '{da}',
        contact_kind text CHECK (contact_kind IN ('person', 'team', 'single_entry')),
        contact_name text CHECK (length(contact_name) <= 200),
        phone text CHECK (length(phone) <= 40),
        email text CHECK (length(email) <= 320),
        opening_hours text CHECK (length(opening_hours) <= 500),
        channel text NOT NULL CHECK (channel IN ('email', 'webhook')),
        webhook_url text CHECK (length(webhook_url) <= 2000),
        -- The signing secret (Standard Webhooks), encrypted by the application; the previous one stays valid for a while
        -- after a rotation so the partner can switch without losing messages.
        secret_encrypted text NOT NULL,
        previous_secret_encrypted text,
        previous_secret_until timestamptz,
        requires_consent boolean NOT NULL,
        capacity integer CHECK (capacity >= 0),
        waiting_days integer CHECK (waiting_days >= 0),
        accredited boolean NOT NULL DEFAULT false,
        answer_days integer NOT NULL DEFAULT 5 CHECK (answer_days BETWEEN 1 AND 60),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        version integer NOT NULL DEFAULT 1,
        CHECK ((kind = 'municipal') = (municipality_code IS NOT NULL)),
        CHECK (channel <> 'email' OR email IS NOT NULL),
        CHECK (channel <> 'webhook' OR webhook_url IS NOT NULL)
      );
      CREATE INDEX partner_org_idx ON partner (organisation_id, kind, name);
      -- One active contact point per municipality: the statutory notice must know where to go.
      CREATE UNIQUE INDEX partner_municipal_uq ON partner (organisation_id, municipality_code) WHERE kind = 'municipal' AND active;

      CREATE TABLE partner_department (
        partner_id uuid NOT NULL REFERENCES partner(id) ON DELETE CASCADE,
        department_id uuid NOT NULL REFERENCES department(id) ON DELETE CASCADE,
        PRIMARY KEY (partner_id, department_id)
      );
      CREATE INDEX partner_department_department_idx ON partner_department (department_id);

      -- Every version of a partner as it was (contact points change; a referral names the version it went to).
      CREATE TABLE partner_revision (
        partner_id uuid NOT NULL REFERENCES partner(id) ON DELETE CASCADE,
        version integer NOT NULL,
        data jsonb NOT NULL,
        changed_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        changed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (partner_id, version)
      );

      CREATE TABLE routing_rule_set (
        organisation_id uuid PRIMARY KEY REFERENCES organisation(id),
        rules jsonb NOT NULL,
        updated_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      );

      CREATE TABLE consent (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        person_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
        recipient_partner_id uuid REFERENCES partner(id),
        recipient_kind text CHECK (recipient_kind IN ('own_counselling', 'municipal', 'volunteer', 'other')),
        purpose text NOT NULL CHECK (purpose IN ('debt_counselling', 'municipal_aid', 'housing_advice', 'social_support', 'other')),
        data_items text[] NOT NULL CHECK (cardinality(data_items) >= 1
          AND data_items <@ ARRAY['name', 'address', 'phone', 'email', 'preferred_language', 'case_stage', 'arrears', 'household']::text[]),
        given_via text NOT NULL CHECK (given_via IN ('written', 'verbal', 'digital')),
        given_at timestamptz NOT NULL,
        expires_on date,
        withdrawn_at timestamptz,
        withdrawn_reason text CHECK (length(withdrawn_reason) <= 1000),
        withdrawn_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        case_id uuid REFERENCES case_file(id) ON DELETE SET NULL,
        note text CHECK (length(note) <= 1000),
        recorded_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((recipient_partner_id IS NULL) <> (recipient_kind IS NULL))
      );
      CREATE INDEX consent_person_idx ON consent (person_id, given_at DESC);

      CREATE TABLE referral (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        case_id uuid NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
        person_id uuid REFERENCES person(id) ON DELETE SET NULL,
        partner_id uuid NOT NULL REFERENCES partner(id),
        partner_version integer NOT NULL,
        purpose text NOT NULL CHECK (purpose IN ('debt_counselling', 'municipal_aid', 'housing_advice', 'social_support', 'other')),
        status text NOT NULL CHECK (status IN ('proposed', 'sent', 'acknowledged', 'accepted', 'declined', 'completed', 'no_show', 'withdrawn', 'dismissed')),
        origin text NOT NULL CHECK (origin IN ('manual', 'automatic')),
        score numeric,
        reasons jsonb NOT NULL DEFAULT '[]',
        consent_id uuid REFERENCES consent(id),
        consent_override_reason text CHECK (length(consent_override_reason) <= 1000),
        consent_override_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        data_items text[] NOT NULL DEFAULT '{}',
        answer_by date,
        sent_at timestamptz,
        answered_at timestamptz,
        closed_at timestamptz,
        last_note text CHECK (length(last_note) <= 2000),
        created_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      );
      -- A partner has at most one live referral per case (automatic routing never proposes twice).
      CREATE UNIQUE INDEX referral_live_uq ON referral (case_id, partner_id) WHERE status IN ('proposed', 'sent', 'acknowledged', 'accepted');
      CREATE INDEX referral_case_idx ON referral (case_id, created_at DESC);
      CREATE INDEX referral_awaiting_idx ON referral (answer_by) WHERE status IN ('sent', 'acknowledged');
      CREATE INDEX referral_consent_idx ON referral (consent_id) WHERE consent_id IS NOT NULL;

      -- Each message to a partner; its id is the webhook-id, the same on every retry.
      CREATE TABLE partner_message (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        partner_id uuid NOT NULL REFERENCES partner(id),
        case_id uuid REFERENCES case_file(id) ON DELETE SET NULL,
        referral_id uuid REFERENCES referral(id) ON DELETE SET NULL,
        type text NOT NULL CHECK (type IN ('referral.created', 'referral.withdrawn', 'municipal.notice')),
        channel text NOT NULL CHECK (channel IN ('email', 'webhook')),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
        attempts integer NOT NULL DEFAULT 0,
        last_attempt_at timestamptz,
        last_status integer,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        dead_at timestamptz,
        resent_at timestamptz,
        resent_by uuid REFERENCES app_user(id) ON DELETE SET NULL
      );
      CREATE UNIQUE INDEX partner_message_once_uq ON partner_message (referral_id, type) WHERE referral_id IS NOT NULL;
      CREATE INDEX partner_message_dead_idx ON partner_message (organisation_id, dead_at DESC) WHERE status = 'dead';
      CREATE INDEX partner_message_case_idx ON partner_message (case_id);

      -- The statutory notice (almenlejeloven § 92, stk. 2): once per case, to the municipality's contact point.
      CREATE TABLE municipal_notice (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        case_id uuid NOT NULL UNIQUE REFERENCES case_file(id) ON DELETE CASCADE,
        municipality_code char(3) NOT NULL REFERENCES municipality(code),
        partner_id uuid NOT NULL REFERENCES partner(id),
        partner_version integer NOT NULL,
        message_id uuid NOT NULL REFERENCES partner_message(id),
        legal_basis text NOT NULL,
        stage text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      -- Signed answers already accepted, by webhook-id: a second one with the same id is a replay.
      CREATE TABLE partner_response_seen (
        partner_id uuid NOT NULL REFERENCES partner(id) ON DELETE CASCADE,
        webhook_id text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (partner_id, webhook_id)
      );
      CREATE INDEX partner_response_seen_at_idx ON partner_response_seen (received_at);

      -- Automatic routing runs when a case opens or changes stage: the stage it last ran for. Facts for reminders and
      -- the weekly escalation: an accepted referral exists; the earliest answer deadline of referrals still unanswered.
      ALTER TABLE case_file
        ADD COLUMN routed_stage text,
        ADD COLUMN referral_accepted boolean NOT NULL DEFAULT false,
        ADD COLUMN referral_answer_due date;
      CREATE INDEX case_file_routing_idx ON case_file (id) WHERE status = 'open' AND routed_stage IS DISTINCT FROM stage;
      CREATE INDEX case_file_court_idx ON case_file (id) WHERE status = 'open' AND stage IN ('court', 'eviction_scheduled');

      ALTER TABLE reminder DROP CONSTRAINT reminder_kind_check;
      ALTER TABLE reminder ADD CONSTRAINT reminder_kind_check
        CHECK (kind IN ('task_due', 'demand_deadline', 'eviction_approaching', 'instalment_missed', 'no_contact', 'referral_unanswered'));

      -- The weekly escalation: a referral unanswered past its deadline is a criterion of its own (and "eviction soon"
      -- now means without an accepted referral), with its partial index like the others (migration ...0007).
      ALTER TABLE escalation_setting ADD COLUMN referral_unanswered boolean NOT NULL DEFAULT true;
      CREATE INDEX case_file_esc_referral_idx ON case_file (organisation_id, referral_answer_due)
        WHERE status = 'open' AND responsible_caseworker_id IS NOT NULL AND referral_answer_due IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX case_file_esc_referral_idx;
      ALTER TABLE escalation_setting DROP COLUMN referral_unanswered;
      DELETE FROM reminder WHERE kind = 'referral_unanswered';
      ALTER TABLE reminder DROP CONSTRAINT reminder_kind_check;
      ALTER TABLE reminder ADD CONSTRAINT reminder_kind_check
        CHECK (kind IN ('task_due', 'demand_deadline', 'eviction_approaching', 'instalment_missed', 'no_contact'));
      DROP INDEX case_file_court_idx;
      DROP INDEX case_file_routing_idx;
      ALTER TABLE case_file DROP COLUMN referral_answer_due, DROP COLUMN referral_accepted, DROP COLUMN routed_stage;
      DROP TABLE partner_response_seen;
      DROP TABLE municipal_notice;
      DROP TABLE partner_message;
      DROP TABLE referral;
      DROP TABLE consent;
      DROP TABLE routing_rule_set;
      DROP TABLE partner_revision;
      DROP TABLE partner_department;
      DROP TABLE partner;
    `);
  }
}
