import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Platform schema: organisation and departments, tenancies and persons (CPR encrypted in the application,
 * found by a keyed-hash blind index), staff users with roles and department scopes, sessions, API clients,
 * the append-only audit log and the login throttle store.
 */
export class InitialSchema1795300000000 implements MigrationInterface {
  name = 'InitialSchema1795300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organisation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE municipality (
        code char(3) PRIMARY KEY CHECK (code ~ '^[0-9]{3}$'),
        name text NOT NULL,
        region_code char(4) NOT NULL,
        region_name text NOT NULL
      );
      CREATE TABLE department (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        code text NOT NULL,
        name text NOT NULL,
        municipality_code char(3) NOT NULL REFERENCES municipality(code),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (organisation_id, code)
      );
      CREATE TABLE tenancy (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        department_id uuid NOT NULL REFERENCES department(id),
        tenancy_number text NOT NULL,
        address text,
        unit text,
        postal_code char(4) CHECK (postal_code ~ '^[0-9]{4}$'),
        monthly_rent_ore bigint CHECK (monthly_rent_ore >= 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (organisation_id, tenancy_number)
      );
      CREATE INDEX tenancy_department_idx ON tenancy (department_id);
      CREATE TABLE person (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        name text NOT NULL,
        cpr_encrypted text,
        cpr_key_id text,
        cpr_blind_index text,
        phone text,
        email text,
        preferred_language text NOT NULL DEFAULT 'da',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        pseudonymised_at timestamptz,
        CHECK ((cpr_encrypted IS NULL) = (cpr_blind_index IS NULL))
      );
      CREATE UNIQUE INDEX person_cpr_blind_index_uq ON person (organisation_id, cpr_blind_index) WHERE cpr_blind_index IS NOT NULL;
      CREATE TABLE household_member (
        tenancy_id uuid NOT NULL REFERENCES tenancy(id) ON DELETE CASCADE,
        person_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
        role text NOT NULL DEFAULT 'tenant' CHECK (role IN ('tenant', 'member')),
        since date,
        until date,
        PRIMARY KEY (tenancy_id, person_id)
      );
      CREATE INDEX household_member_person_idx ON household_member (person_id);

      CREATE TABLE role (
        code text PRIMARY KEY,
        label_da text NOT NULL,
        label_en text NOT NULL
      );
      INSERT INTO role (code, label_da, label_en) VALUES
        ('admin', 'Administrator', 'Administrator'),
        ('counsellor', 'Gældsrådgiver', 'Debt counsellor'),
        ('caseworker', 'Sagsbehandler', 'Caseworker'),
        ('property_manager', 'Ejendomsadministrator', 'Property manager');
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        email text NOT NULL CHECK (email = lower(email)),
        name text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL REFERENCES role(code),
        language text NOT NULL DEFAULT 'da' CHECK (language IN ('da', 'en')),
        disabled_at timestamptz,
        last_login_at timestamptz,
        password_changed_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      );
      CREATE UNIQUE INDEX app_user_email_uq ON app_user (email);
      CREATE TABLE user_department (
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        department_id uuid NOT NULL REFERENCES department(id) ON DELETE CASCADE,
        PRIMARY KEY (user_id, department_id)
      );
      CREATE INDEX user_department_department_idx ON user_department (department_id);
      CREATE TABLE session (
        id text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        ip text,
        user_agent text,
        revoked_at timestamptz,
        revoked_reason text
      );
      CREATE INDEX session_user_idx ON session (user_id);
      CREATE INDEX session_expires_idx ON session (expires_at);
      CREATE TABLE api_client (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        name text NOT NULL,
        key_prefix text NOT NULL UNIQUE,
        secret_hash text NOT NULL,
        scopes text[] NOT NULL DEFAULT '{}',
        created_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      );
      CREATE TABLE api_client_department (
        api_client_id uuid NOT NULL REFERENCES api_client(id) ON DELETE CASCADE,
        department_id uuid NOT NULL REFERENCES department(id) ON DELETE CASCADE,
        PRIMARY KEY (api_client_id, department_id)
      );

      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        organisation_id uuid,
        actor_type text NOT NULL CHECK (actor_type IN ('user', 'api_client', 'system', 'anonymous')),
        actor_id uuid,
        actor_label text,
        action text NOT NULL,
        person_id uuid,
        entity_type text,
        entity_id text,
        purpose text,
        outcome text NOT NULL CHECK (outcome IN ('success', 'denied', 'failure')),
        ip text,
        request_id text,
        details jsonb NOT NULL DEFAULT '{}'
      );
      CREATE INDEX audit_log_at_idx ON audit_log (at);
      CREATE INDEX audit_log_person_idx ON audit_log (person_id, at) WHERE person_id IS NOT NULL;
      CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, at) WHERE actor_id IS NOT NULL;
      CREATE INDEX audit_log_action_idx ON audit_log (action, at);
      -- Append-only: the log is evidence, so nothing may rewrite or remove it.
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only';
      END $$;
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

      -- rate-limiter-flexible's PostgreSQL store layout (created here, not by the library at run time).
      CREATE TABLE login_throttle (
        key varchar(255) PRIMARY KEY,
        points integer NOT NULL DEFAULT 0,
        expire bigint
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE login_throttle;
      DROP TABLE audit_log;
      DROP FUNCTION audit_log_append_only();
      DROP TABLE api_client_department;
      DROP TABLE api_client;
      DROP TABLE session;
      DROP TABLE user_department;
      DROP TABLE app_user;
      DROP TABLE role;
      DROP TABLE household_member;
      DROP TABLE person;
      DROP TABLE tenancy;
      DROP TABLE department;
      DROP TABLE municipality;
      DROP TABLE organisation;
    `);
  }
}
