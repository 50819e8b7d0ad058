import type { EntityManager } from 'typeorm';
import { analyseIfGrown, type ApplyContext, type ApplyInput, countOf } from './apply-context.js';

/**
 * The tenancy side of applying a snapshot: invalid rows out, tenancies and households in, one history point per
 * tenancy, and the tenancies absent from the snapshot cleared. Most rows of a daily snapshot are unchanged since
 * the day before, so every upsert first finds the rows that change anything (one hash join) and writes only those.
 */

/** Unknown or out-of-scope departments, tenancies filed under another department, and duplicate tenancies. */
export async function rejectInvalidRows(em: EntityManager, input: ApplyInput): Promise<void> {
  const { importId, organisationId, allowedDepartmentIds } = input;
  await em.query(
    `WITH bad AS (
       DELETE FROM arrears_staging s
        WHERE s.import_id = $1 AND NOT EXISTS (
          SELECT 1 FROM department d WHERE d.organisation_id = $2 AND d.code = s.department_code
             AND ($3::uuid[] IS NULL OR d.id = ANY($3::uuid[])))
       RETURNING s.line, s.department_code)
     INSERT INTO arrears_import_error (import_id, line, column_name, reason, detail)
     SELECT $1, line, 'department_code', 'unknown_department', department_code FROM bad`,
    [importId, organisationId, allowedDepartmentIds],
  );
  await em.query(
    `WITH bad AS (
       DELETE FROM arrears_staging s USING tenancy t, department d
        WHERE s.import_id = $1 AND t.organisation_id = $2 AND t.tenancy_number = s.tenancy_number
          AND d.id = t.department_id AND d.code <> s.department_code
       RETURNING s.line, d.code)
     INSERT INTO arrears_import_error (import_id, line, column_name, reason, detail)
     SELECT $1, line, 'department_code', 'tenancy_in_other_department', code FROM bad`,
    [importId, organisationId],
  );
  await em.query(
    `WITH dup AS (
       SELECT tenancy_number, array_agg(line ORDER BY line) AS lines FROM arrears_staging
        WHERE import_id = $1 GROUP BY tenancy_number HAVING count(*) > 1),
     gone AS (
       DELETE FROM arrears_staging s USING dup WHERE s.import_id = $1 AND s.tenancy_number = dup.tenancy_number
       RETURNING s.line, dup.lines)
     INSERT INTO arrears_import_error (import_id, line, column_name, reason, detail)
     SELECT $1, line, 'tenancy_number', 'duplicate_tenancy', 'lines ' || array_to_string(lines, ', ') FROM gone`,
    [importId],
  );
}

/**
 * New tenancies are created; known ones take the ledger's address and rent when they changed. Known tenancies
 * are updated with a join (a tenancy in another department was rejected, so the tenancy's department is the
 * row's); only the new ones go through INSERT … ON CONFLICT, which still takes the same values should a tenancy
 * of that number be created meanwhile.
 */
export async function upsertTenancies(em: EntityManager, ctx: ApplyContext): Promise<void> {
  if (!ctx.fresh.length) return;
  const params = [ctx.importId, ctx.organisationId, ctx.fresh, ctx.asOf];
  await em.query(
    `UPDATE tenancy t SET
       address = COALESCE(s.address, t.address),
       unit = COALESCE(s.unit, t.unit),
       postal_code = COALESCE(s.postal_code, t.postal_code),
       monthly_rent_ore = COALESCE(s.monthly_rent_ore, t.monthly_rent_ore),
       arrears_ore = s.arrears_ore,
       arrears_zero_since = CASE WHEN s.arrears_ore = 0 THEN COALESCE(t.arrears_zero_since, $4::date) END,
       payment_agreement = COALESCE(s.payment_agreement, t.payment_agreement),
       updated_at = now()
      FROM arrears_staging s
     WHERE s.import_id = $1 AND t.organisation_id = $2 AND t.tenancy_number = s.tenancy_number AND t.department_id = ANY($3::uuid[])
       AND (t.address, t.unit, t.postal_code, t.monthly_rent_ore, t.arrears_ore, t.payment_agreement)
           IS DISTINCT FROM
           (COALESCE(s.address, t.address), COALESCE(s.unit, t.unit), COALESCE(s.postal_code, t.postal_code),
            COALESCE(s.monthly_rent_ore, t.monthly_rent_ore), s.arrears_ore, COALESCE(s.payment_agreement, t.payment_agreement))`,
    params,
  );
  const inserted = await countOf(
    em,
    `WITH ins AS (
       INSERT INTO tenancy (organisation_id, department_id, tenancy_number, address, unit, postal_code, monthly_rent_ore,
                            arrears_ore, arrears_zero_since, payment_agreement)
       SELECT $2, d.id, s.tenancy_number, s.address, s.unit, s.postal_code, s.monthly_rent_ore, s.arrears_ore,
              CASE WHEN s.arrears_ore = 0 THEN $4::date END, s.payment_agreement
         FROM arrears_staging s JOIN department d ON d.organisation_id = $2 AND d.code = s.department_code
        WHERE s.import_id = $1 AND d.id = ANY($3::uuid[])
          AND NOT EXISTS (SELECT 1 FROM tenancy t WHERE t.organisation_id = $2 AND t.tenancy_number = s.tenancy_number)
       ON CONFLICT (organisation_id, tenancy_number) DO UPDATE SET
         address = COALESCE(EXCLUDED.address, tenancy.address),
         unit = COALESCE(EXCLUDED.unit, tenancy.unit),
         postal_code = COALESCE(EXCLUDED.postal_code, tenancy.postal_code),
         monthly_rent_ore = COALESCE(EXCLUDED.monthly_rent_ore, tenancy.monthly_rent_ore),
         arrears_ore = EXCLUDED.arrears_ore,
         arrears_zero_since = CASE WHEN EXCLUDED.arrears_ore = 0 THEN COALESCE(tenancy.arrears_zero_since, $4::date) END,
         payment_agreement = COALESCE(EXCLUDED.payment_agreement, tenancy.payment_agreement),
         updated_at = now()
       WHERE (tenancy.address, tenancy.unit, tenancy.postal_code, tenancy.monthly_rent_ore, tenancy.arrears_ore, tenancy.payment_agreement)
             IS DISTINCT FROM
             (COALESCE(EXCLUDED.address, tenancy.address), COALESCE(EXCLUDED.unit, tenancy.unit),
              COALESCE(EXCLUDED.postal_code, tenancy.postal_code), COALESCE(EXCLUDED.monthly_rent_ore, tenancy.monthly_rent_ore),
              EXCLUDED.arrears_ore, COALESCE(EXCLUDED.payment_agreement, tenancy.payment_agreement))
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    params,
  );
  await analyseIfGrown(em, 'tenancy', inserted);
}

/**
 * `arrears_rows`: every staged row with its tenancy (rows of a stale department whose tenancy is new have none:
 * they get no history point, as before), its department, whether that department is fresh, and the tenancy's rent.
 */
export async function resolveRows(em: EntityManager, ctx: ApplyContext): Promise<void> {
  await em.query(
    `CREATE TEMP TABLE arrears_rows ON COMMIT DROP AS
     SELECT t.id AS tenancy_id, t.department_id, t.department_id = ANY($3::uuid[]) AS fresh, t.monthly_rent_ore AS rent,
            s.arrears_ore, s.tenant_names, s.cpr_blind_index, s.phone, s.email, s.oldest_due_date, s.demand_sent_date,
            s.termination_date, s.court_filed_date, s.eviction_date, s.children
       FROM arrears_staging s JOIN tenancy t ON t.organisation_id = $2 AND t.tenancy_number = s.tenancy_number
      WHERE s.import_id = $1 AND t.department_id = ANY($4::uuid[])`,
    [ctx.importId, ctx.organisationId, ctx.fresh, ctx.covered],
  );
  await em.query('ANALYZE arrears_rows');
}

/**
 * The tenant with a CPR is found (or created) through the blind index; names without a CPR are added to the
 * household unless a member of that name is already there. Nobody is removed: a ledger row is not a census.
 * Persons are created only for rows staged with a ciphertext, that is for blind indexes unknown when staged.
 */
export async function upsertHouseholds(em: EntityManager, ctx: ApplyContext): Promise<void> {
  if (!ctx.fresh.length) return;
  const persons = await countOf(
    em,
    `WITH ins AS (
       INSERT INTO person (organisation_id, name, cpr_encrypted, cpr_key_id, cpr_blind_index, phone, email)
       SELECT DISTINCT ON (s.cpr_blind_index) $2, COALESCE(s.tenant_names[1], 'Ukendt'), s.cpr_encrypted, s.cpr_key_id,
              s.cpr_blind_index, s.phone, s.email
         FROM arrears_staging s JOIN department d ON d.organisation_id = $2 AND d.code = s.department_code
        WHERE s.import_id = $1 AND d.id = ANY($3::uuid[]) AND s.cpr_blind_index IS NOT NULL AND s.cpr_encrypted IS NOT NULL
        ORDER BY s.cpr_blind_index, s.line
       ON CONFLICT (organisation_id, cpr_blind_index) WHERE cpr_blind_index IS NOT NULL DO UPDATE SET
         phone = COALESCE(EXCLUDED.phone, person.phone), email = COALESCE(EXCLUDED.email, person.email), updated_at = now()
       WHERE (person.phone, person.email) IS DISTINCT FROM (COALESCE(EXCLUDED.phone, person.phone), COALESCE(EXCLUDED.email, person.email))
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [ctx.importId, ctx.organisationId, ctx.fresh],
  );
  await analyseIfGrown(em, 'person', persons);
  // Memberships already current are left out before the insert: for most rows there is nothing to do.
  const members = await countOf(
    em,
    `WITH ins AS (
       INSERT INTO household_member (tenancy_id, person_id, role, since)
       SELECT r.tenancy_id, p.id, 'tenant', $2::date
         FROM arrears_rows r JOIN person p ON p.organisation_id = $1 AND p.cpr_blind_index = r.cpr_blind_index
        WHERE r.fresh AND r.cpr_blind_index IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM household_member h WHERE h.tenancy_id = r.tenancy_id AND h.person_id = p.id AND h.until IS NULL)
       ON CONFLICT (tenancy_id, person_id) DO UPDATE SET until = NULL WHERE household_member.until IS NOT NULL
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [ctx.organisationId, ctx.asOf],
  );
  // Names without a CPR: the other names of a row whose first name has the CPR, or all names of a row without one.
  await em.query(
    `CREATE TEMP TABLE arrears_new_names ON COMMIT DROP AS
     SELECT gen_random_uuid() AS person_id, x.tenancy_id, x.name, x.phone, x.email
       FROM (SELECT DISTINCT ON (r.tenancy_id, lower(n.name)) r.tenancy_id, btrim(n.name) AS name,
                    CASE WHEN r.cpr_blind_index IS NULL AND n.ord = 1 THEN r.phone END AS phone,
                    CASE WHEN r.cpr_blind_index IS NULL AND n.ord = 1 THEN r.email END AS email
               FROM arrears_rows r CROSS JOIN LATERAL unnest(r.tenant_names) WITH ORDINALITY AS n(name, ord)
              WHERE r.fresh AND btrim(n.name) <> '' AND NOT (r.cpr_blind_index IS NOT NULL AND n.ord = 1)) x
      WHERE NOT EXISTS (SELECT 1 FROM household_member h JOIN person p ON p.id = h.person_id
                         WHERE h.tenancy_id = x.tenancy_id AND lower(p.name) = lower(x.name))`,
  );
  const named = await countOf(
    em,
    `WITH ins AS (INSERT INTO person (id, organisation_id, name, phone, email) SELECT person_id, $1, name, phone, email FROM arrears_new_names RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [ctx.organisationId],
  );
  await em.query(
    `INSERT INTO household_member (tenancy_id, person_id, role, since) SELECT tenancy_id, person_id, 'tenant', $1::date FROM arrears_new_names`,
    [ctx.asOf],
  );
  await analyseIfGrown(em, 'person', named);
  await analyseIfGrown(em, 'household_member', members + named);
}

/**
 * One point per tenancy per snapshot, also for departments where the snapshot is older than the state; in the
 * order of the history's primary key, so its index is written page by page rather than all over.
 */
export async function appendHistory(em: EntityManager, ctx: ApplyContext): Promise<void> {
  if (!ctx.covered.length) return;
  await em.query(
    `INSERT INTO arrears_history (tenancy_id, as_of, arrears_ore, import_id)
     SELECT r.tenancy_id, $2::date, r.arrears_ore, $1 FROM arrears_rows r ORDER BY r.tenancy_id
     ON CONFLICT (tenancy_id, as_of) DO UPDATE SET arrears_ore = EXCLUDED.arrears_ore, import_id = EXCLUDED.import_id
      WHERE arrears_history.arrears_ore <> EXCLUDED.arrears_ore`,
    [ctx.importId, ctx.asOf],
  );
}

/**
 * Tenancies of fresh departments in arrears before and absent now have paid: arrears 0 and a history point. They
 * are kept in `arrears_cleared` for their cases.
 */
export async function clearAbsent(em: EntityManager, ctx: ApplyContext): Promise<void> {
  await em.query('CREATE TEMP TABLE arrears_cleared (tenancy_id uuid PRIMARY KEY) ON COMMIT DROP');
  if (!ctx.fresh.length) return;
  await em.query(
    `WITH cleared AS (
       UPDATE tenancy t SET arrears_ore = 0, arrears_zero_since = $3::date, updated_at = now()
        WHERE t.organisation_id = $1 AND t.department_id = ANY($2::uuid[]) AND t.arrears_ore <> 0
          AND NOT EXISTS (SELECT 1 FROM arrears_rows r WHERE r.tenancy_id = t.id)
       RETURNING t.id)
     INSERT INTO arrears_cleared (tenancy_id) SELECT id FROM cleared`,
    [ctx.organisationId, ctx.fresh, ctx.asOf],
  );
  await em.query('ANALYZE arrears_cleared');
  await em.query(
    `INSERT INTO arrears_history (tenancy_id, as_of, arrears_ore, import_id)
     SELECT tenancy_id, $1::date, 0, $2 FROM arrears_cleared ORDER BY tenancy_id
     ON CONFLICT (tenancy_id, as_of) DO UPDATE SET arrears_ore = 0, import_id = EXCLUDED.import_id`,
    [ctx.asOf, ctx.importId],
  );
}
