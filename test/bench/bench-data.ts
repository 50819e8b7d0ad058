import type pg from 'pg';

/**
 * Realistic data for the case workbench benchmark, generated set-based inside PostgreSQL (generate_series and
 * INSERT … SELECT over session temp tables; no row-by-row writes from node). Deterministic for a given scale
 * (setseed), so runs are comparable.
 *
 * Shape at scale 1: 1 organisation, 40 departments, 100,000 tenancies with 1-3 persons, 60 counsellors (teams
 * of three share two departments; workloads 42/33/25 %, so the busiest have ~1,700 open cases), 20 caseworkers,
 * 1 admin, 100,000 cases (85 % open, all stages, dates that follow the stage), ~2,000,000 timeline events in
 * time order, contacts, open and done tasks, budgets, debts, payment agreements and applications.
 */
export interface BenchDataOptions {
  tenancies: number;
  eventsPerCase: number;
  passwordHash: string;
  log: (line: string) => void;
}

export interface BenchData {
  organisationId: string;
  counts: Record<string, number>;
}

const DEPARTMENTS = 40;
const COUNSELLORS = 60;
const CASEWORKERS = 20;

const FIRST = [
  'Anne', 'Mette', 'Kirsten', 'Hanne', 'Helle', 'Susanne', 'Lene', 'Maria', 'Marianne', 'Camilla', 'Louise', 'Sara', 'Emma',
  'Ida', 'Fatima', 'Amina', 'Aisha', 'Peter', 'Jens', 'Lars', 'Michael', 'Henrik', 'Thomas', 'Søren', 'Jan', 'Niels',
  'Christian', 'Martin', 'Jesper', 'Mads', 'Rasmus', 'Ahmed', 'Mohammed', 'Ali', 'Omar', 'Hassan', 'Jonas', 'Mikkel',
  'Frederik', 'Emil', 'Noah', 'Oliver', 'William', 'Sofie', 'Freja', 'Clara', 'Laura', 'Julie', 'Nanna', 'Zainab',
];
const LAST = [
  'Nielsen', 'Jensen', 'Hansen', 'Pedersen', 'Andersen', 'Christensen', 'Larsen', 'Sørensen', 'Rasmussen', 'Jørgensen',
  'Petersen', 'Madsen', 'Kristensen', 'Olsen', 'Thomsen', 'Christiansen', 'Poulsen', 'Johansen', 'Møller', 'Mortensen',
  'Karlsen', 'Jakobsen', 'Lund', 'Holm', 'Schmidt', 'Frederiksen', 'Laursen', 'Henriksen', 'Ali', 'Hussein', 'Yilmaz',
  'Khan', 'Mohamed', 'Ahmadi', 'Abdi', 'Özdemir', 'Kaya', 'Nguyen', 'Bach', 'Dahl',
];
const STREETS = [
  'Solbakken', 'Egeparken', 'Lindehøj', 'Rosenvænget', 'Bøgevej', 'Kastanjealle', 'Tjørnegården', 'Ahornvej', 'Birkehaven',
  'Engvej', 'Skovbrynet', 'Søndergade', 'Nørrebrogade', 'Vestergade', 'Østerbo', 'Mosegården', 'Kildevej', 'Hybenhaven',
  'Pilegården', 'Valmuevej', 'Fasanvej', 'Gyvelvej', 'Havrevænget', 'Lærkevej', 'Mågevej', 'Nældebakken', 'Rugvænget',
  'Stjernevej', 'Tranehaven', 'Ulvebakken',
];
const TASKS = [
  'Ring til lejer', 'Send budgetskema', 'Book hjemmebesøg', 'Følg op på boligstøtte', 'Tjek indbetaling',
  'Kontakt kommunen om enkeltydelse', 'Send påmindelse om afdrag', 'Afklar husstandens indtægt', 'Indhent lønsedler',
  'Aftal møde med sagsbehandler',
];

const lit = (xs: readonly string[]) => `ARRAY[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(',')}]::text[]`;

export async function generateBenchData(client: pg.Client, opts: BenchDataOptions): Promise<BenchData> {
  const n = opts.tenancies;
  const q = async (label: string, sql: string) => {
    const t0 = performance.now();
    // A multi-statement script answers with one result per statement.
    const results = [await client.query(sql)].flat() as unknown as pg.QueryResult[];
    const inserted = results.filter((r) => r.command === 'INSERT').reduce((sum, r) => sum + (r.rowCount ?? 0), 0);
    const ms = performance.now() - t0;
    opts.log(`  ${label.padEnd(40)} ${(ms / 1000).toFixed(1).padStart(6)} s${inserted ? `  ${inserted.toLocaleString('en')} rows` : ''}`);
  };
  // Session settings for the bulk load only; the api's own connections keep the server defaults.
  await client.query(`SET synchronous_commit = off; SET work_mem = '64MB'; SET maintenance_work_mem = '256MB'; SELECT setseed(0.42)`);
  const names = `(SELECT ${lit(FIRST)} AS f, ${lit(LAST)} AS l)`;
  const fname = `nm.f[1 + floor(random() * ${FIRST.length})::int] || ' ' || nm.l[1 + floor(random() * ${LAST.length})::int]`;

  const org = await client.query(`INSERT INTO organisation (name) VALUES ('Boligforeningen Bench') RETURNING id`);
  const orgId: string = org.rows[0].id;
  // Inlined as literals: the statements below are multi-statement scripts, which the extended protocol refuses.
  const ORG = `${client.escapeLiteral(orgId)}::uuid`;
  const HASH = client.escapeLiteral(opts.passwordHash);

  await q('departments', `
    CREATE TEMP TABLE b_dept AS SELECT g AS n, gen_random_uuid() AS id FROM generate_series(1, ${DEPARTMENTS}) g;
    INSERT INTO department (id, organisation_id, code, name, municipality_code)
    SELECT d.id, ${ORG}, 'AFD-' || lpad(d.n::text, 3, '0'),
           'Afdeling ' || (${lit(STREETS)})[1 + (d.n - 1) % ${STREETS.length}] || CASE WHEN d.n > ${STREETS.length} THEN ' ' || d.n ELSE '' END,
           m.codes[1 + (d.n * 7) % array_length(m.codes, 1)]
      FROM b_dept d, (SELECT array_agg(code ORDER BY code) AS codes FROM municipality) m`);

  await q('tenancies', `
    CREATE TEMP TABLE b_ten AS
    SELECT s.g AS n, gen_random_uuid() AS id, d.id AS department_id, d.n AS dn,
           CASE WHEN s.r < 0.4 THEN 1 WHEN s.r < 0.8 THEN 2 ELSE 3 END AS persons,
           (450000 + floor(random() * 600000))::bigint / 100 * 100 AS rent
      FROM (SELECT g, random() AS r FROM generate_series(1, ${n}) g) s JOIN b_dept d ON d.n = 1 + s.g % ${DEPARTMENTS};
    INSERT INTO tenancy (id, organisation_id, department_id, tenancy_number, address, unit, postal_code, monthly_rent_ore)
    SELECT t.id, ${ORG}, t.department_id, lpad(t.dn::text, 3, '0') || '-' || lpad(t.n::text, 6, '0'),
           (${lit(STREETS)})[1 + (t.dn * 3 + t.n % 4) % ${STREETS.length}] || ' ' || (1 + (t.n / ${DEPARTMENTS}) % 160),
           (t.n % 6) || '. ' || (ARRAY['th', 'tv', 'mf'])[1 + t.n % 3],
           lpad((1000 + (t.dn * 97) % 8999)::text, 4, '0'), t.rent
      FROM b_ten t`);

  await q('persons + household members', `
    CREATE TEMP TABLE b_person AS
    SELECT gen_random_uuid() AS id, t.id AS tenancy_id, k AS seq, ${fname} AS name
      FROM b_ten t CROSS JOIN LATERAL generate_series(1, t.persons) k, ${names} nm;
    INSERT INTO person (id, organisation_id, name, phone, email)
    SELECT id, ${ORG}, name, '+45 ' || (20000000 + floor(random() * 79999999))::bigint,
           CASE WHEN random() < 0.6 THEN lower(translate(replace(name, ' ', '.'), 'æøåÆØÅöüÖÜ', 'aoaAOAouOU')) || floor(random() * 100)::int || '@mail.dk' END
      FROM b_person;
    INSERT INTO household_member (tenancy_id, person_id, role, since)
    SELECT tenancy_id, id, CASE WHEN seq = 1 OR (seq = 2 AND random() < 0.7) THEN 'tenant' ELSE 'member' END,
           current_date - (365 + floor(random() * 5000))::int
      FROM b_person`);

  await q('users', `
    INSERT INTO app_user (organisation_id, email, name, password_hash, role)
    VALUES (${ORG}, 'admin@bench.forebyg.dk', 'Bench Administrator', ${HASH}, 'admin');
    CREATE TEMP TABLE b_staff AS
    SELECT g AS n, gen_random_uuid() AS id, CASE WHEN g <= ${COUNSELLORS} THEN 'counsellor' ELSE 'caseworker' END AS role
      FROM generate_series(1, ${COUNSELLORS + CASEWORKERS}) g;
    INSERT INTO app_user (id, organisation_id, email, name, password_hash, role)
    SELECT s.id, ${ORG},
           CASE WHEN s.role = 'counsellor' THEN 'raadgiver' || lpad(s.n::text, 2, '0') ELSE 'sagsbehandler' || lpad((s.n - ${COUNSELLORS})::text, 2, '0') END
             || '@bench.forebyg.dk',
           ${fname}, ${HASH}, s.role
      FROM b_staff s, ${names} nm;
    -- Counsellor teams of three share two departments (d and d+20); each caseworker covers two departments.
    INSERT INTO user_department (user_id, department_id)
    SELECT s.id, d.id FROM b_staff s JOIN b_dept d
        ON (s.role = 'counsellor' AND d.n IN (1 + (s.n - 1) % ${DEPARTMENTS}, 1 + (s.n + 19) % ${DEPARTMENTS}))
        OR (s.role = 'caseworker' AND (d.n + 1) / 2 = s.n - ${COUNSELLORS});
    CREATE TEMP TABLE b_team AS
    SELECT d.id AS department_id,
           (SELECT array_agg(s.id ORDER BY s.n) FROM user_department ud JOIN b_staff s ON s.id = ud.user_id AND s.role = 'counsellor'
             WHERE ud.department_id = d.id) AS counsellors,
           (SELECT s.id FROM user_department ud JOIN b_staff s ON s.id = ud.user_id AND s.role = 'caseworker'
             WHERE ud.department_id = d.id LIMIT 1) AS caseworker
      FROM b_dept d`);

  // Cases: one per tenancy. Random draws first, then the facts that follow from them.
  await q('cases (facts)', `
    CREATE TEMP TABLE b_c1 AS
    SELECT gen_random_uuid() AS id, t.n, t.id AS tenancy_id, t.department_id, t.rent,
           CASE WHEN r.s < 0.40 THEN 0 WHEN r.s < 0.65 THEN 1 WHEN r.s < 0.80 THEN 2 WHEN r.s < 0.90 THEN 3 WHEN r.s < 0.96 THEN 4 ELSE 5 END AS si,
           random() < 0.15 AS closed, random() AS r_age, random() AS r_assign, random() AS r_cw, random() AS r_contact,
           random() AS r_tasks, random() AS r_due, random() AS r_arrears, random() AS r_children, random() AS r_misc,
           tm.counsellors, tm.caseworker
      FROM b_ten t JOIN b_team tm ON tm.department_id = t.department_id
      CROSS JOIN LATERAL (SELECT random() + 0 * t.n AS s) r;
    CREATE TEMP TABLE b_c2 AS
    SELECT c.*, (c.opened_at AT TIME ZONE 'Europe/Copenhagen')::date AS open_d
      FROM (SELECT c.*,
                   now() - make_interval(days => (CASE WHEN c.closed THEN 120 + floor(c.r_age * 600)
                                                       ELSE (ARRAY[1, 12, 35, 60, 80, 110])[c.si + 1] + floor(power(c.r_age, 1.5) * 300) END)::int)
                         - random() * interval '10 hours' AS opened_at
              FROM b_c1 c) c;
    CREATE TEMP TABLE b_c3 AS
    SELECT c.*,
           CASE WHEN c.si >= 1 THEN least(c.open_d + 7 + floor(random() * 14)::int, current_date) END AS demand_d,
           CASE WHEN c.closed THEN least(c.opened_at + make_interval(days => (20 + floor(c.r_misc * 160))::int), now() - interval '1 day') END AS closed_at,
           CASE WHEN c.r_assign < 0.03 THEN NULL
                WHEN (c.r_assign - 0.03) / 0.97 < 0.42 THEN c.counsellors[1]
                WHEN (c.r_assign - 0.03) / 0.97 < 0.75 THEN c.counsellors[2]
                ELSE c.counsellors[3] END AS counsellor_id,
           CASE WHEN c.r_cw < 0.3 THEN c.caseworker END AS caseworker_id,
           CASE WHEN c.r_contact < 0.12 THEN NULL
                ELSE greatest(c.opened_at + interval '2 hours', now() - power(c.r_contact, 1.5) * interval '60 days') END AS last_contact_at,
           CASE WHEN c.closed OR c.r_tasks < 0.3 THEN 0 WHEN c.r_tasks < 0.7 THEN 1 WHEN c.r_tasks < 0.9 THEN 2 ELSE 3 END AS open_tasks,
           current_date + (-14 + floor(c.r_misc * 35))::int AS first_task_due,
           CASE WHEN c.closed OR random() < 0.05 THEN NULL ELSE current_date + (-7 + floor(power(c.r_due, 1.3) * 90))::int END AS next_due,
           (c.rent * (0.5 + c.si * 0.4 + c.r_arrears * 2.5))::bigint / 100 * 100 AS arrears,
           CASE WHEN c.r_children < 0.55 THEN 0 WHEN c.r_children < 0.75 THEN 1 WHEN c.r_children < 0.9 THEN 2 ELSE 3 END AS children,
           CASE WHEN NOT c.closed AND c.si <= 2 AND random() < 0.12 THEN 'active' WHEN random() < 0.03 THEN 'broken' END AS agreement,
           random() < 0.01 AND NOT c.closed AS overridden,
           row_number() OVER (ORDER BY c.opened_at) AS seq
      FROM b_c2 c;
    CREATE TEMP TABLE b_case AS
    SELECT c.*,
           (ARRAY['arrears', 'demand', 'termination', 'legal', 'court', 'eviction_scheduled'])[c.si + 1] AS stage,
           CASE WHEN c.si >= 2 THEN least(c.demand_d + 15 + floor(random() * 20)::int, current_date) END AS termination_d,
           (ARRAY[5, 15, 25, 30, 40, 50])[c.si + 1]
             + CASE WHEN c.next_due IS NULL THEN 0 WHEN c.next_due <= current_date THEN 25 WHEN c.next_due <= current_date + 7 THEN 20
                    WHEN c.next_due <= current_date + 14 THEN 12 WHEN c.next_due <= current_date + 30 THEN 5 ELSE 0 END
             + CASE WHEN c.arrears >= 3 * c.rent THEN 15 WHEN c.arrears >= 2 * c.rent THEN 10 WHEN c.arrears >= c.rent THEN 5 ELSE 0 END
             + CASE WHEN c.children > 0 THEN 5 ELSE 0 END
             + CASE WHEN COALESCE(c.last_contact_at, c.opened_at) < now() - interval '30 days' THEN 10
                    WHEN COALESCE(c.last_contact_at, c.opened_at) < now() - interval '14 days' THEN 5 ELSE 0 END
             + CASE WHEN c.agreement = 'broken' THEN 10 ELSE 0 END AS raw_score
      FROM b_c3 c`);

  await q('case_file', `
    INSERT INTO case_file (id, organisation_id, department_id, tenancy_id, case_number, origin, status, stage,
      assigned_counsellor_id, responsible_caseworker_id, opened_at, opened_stage, help_began_at, help_began_stage,
      closed_at, closed_stage, outcome, arrears_ore, arrears_as_of, oldest_due_date, demand_sent_date, demand_deadline,
      termination_date, legal_handover_date, court_filed_date, eviction_date, children_in_household, last_contact_at,
      last_contact_attempt_at, open_task_count, earliest_open_task_due, agreement_status, missed_instalment_count,
      next_step, next_step_due, next_step_estimated, risk_score, risk_rank, risk_level, risk_computed_level, risk_reasons,
      risk_override_level, risk_override_reason, risk_override_by, risk_override_at, risk_computed_at, created_at, updated_at)
    SELECT c.id, ${ORG}, c.department_id, c.tenancy_id, to_char(c.opened_at, 'YYYY') || '-' || lpad(c.seq::text, 6, '0'),
           CASE WHEN c.r_misc < 0.75 THEN 'arrears_import' ELSE 'manual' END,
           CASE WHEN c.closed THEN 'closed' ELSE 'open' END, c.stage,
           c.counsellor_id, c.caseworker_id, c.opened_at, 'arrears',
           CASE WHEN c.last_contact_at IS NOT NULL THEN c.opened_at + (c.last_contact_at - c.opened_at) * 0.3 END,
           CASE WHEN c.last_contact_at IS NOT NULL THEN 'arrears' END,
           c.closed_at, CASE WHEN c.closed THEN c.stage END,
           CASE WHEN c.closed THEN (ARRAY['paid', 'payment_agreement', 'municipal_aid', 'housing_benefit', 'moved_voluntarily', 'evicted', 'no_contact', 'other'])[1 + floor(c.r_due * 8)::int] END,
           CASE WHEN c.closed THEN 0 ELSE c.arrears END, current_date - floor(c.r_misc * 7)::int,
           date_trunc('month', c.open_d - 20)::date, c.demand_d, c.demand_d + 14, c.termination_d,
           CASE WHEN c.si >= 3 THEN least(c.termination_d + 7 + floor(c.r_misc * 21)::int, current_date) END,
           CASE WHEN c.si >= 4 THEN least(c.termination_d + 30 + floor(c.r_misc * 30)::int, current_date) END,
           CASE WHEN c.si = 5 THEN current_date + (-3 + floor(c.r_due * 45))::int END,
           c.children, c.last_contact_at, c.last_contact_at, c.open_tasks,
           CASE WHEN c.open_tasks > 0 THEN c.first_task_due END, c.agreement, CASE WHEN c.agreement = 'broken' THEN 2 ELSE 0 END,
           CASE WHEN NOT c.closed THEN (ARRAY['demand', 'termination', 'legal', 'court', 'eviction', 'eviction'])[c.si + 1] END,
           c.next_due, c.next_due IS NOT NULL AND c.si IN (0, 3) AND c.r_misc < 0.5,
           least(c.raw_score, 100), r.lvl * 1000 + least(c.raw_score, 100),
           (ARRAY['low', 'medium', 'high', 'critical'])[r.lvl + 1], (ARRAY['low', 'medium', 'high', 'critical'])[r.computed + 1],
           jsonb_build_array(jsonb_build_object('factor', 'stage', 'points', (ARRAY[5, 15, 25, 30, 40, 50])[c.si + 1], 'detail', jsonb_build_object('stage', c.stage)))
             || CASE WHEN c.children > 0 THEN jsonb_build_array(jsonb_build_object('factor', 'children', 'points', 5, 'detail', jsonb_build_object('childrenInHousehold', c.children))) ELSE '[]' END,
           CASE WHEN c.overridden THEN 'critical' END, CASE WHEN c.overridden THEN 'Kendt sårbar husstand' END,
           CASE WHEN c.overridden THEN c.counsellor_id END, CASE WHEN c.overridden THEN now() - interval '3 days' END,
           now() - interval '5 hours', c.opened_at, now() - c.r_misc * interval '20 days'
      FROM b_case c
      CROSS JOIN LATERAL (SELECT CASE WHEN least(c.raw_score, 100) >= 75 THEN 3 WHEN least(c.raw_score, 100) >= 50 THEN 2
                                      WHEN least(c.raw_score, 100) >= 25 THEN 1 ELSE 0 END AS computed) rc
      CROSS JOIN LATERAL (SELECT CASE WHEN c.overridden THEN 3 ELSE rc.computed END AS lvl, rc.computed) r;
    SELECT setval('case_number_seq', (SELECT count(*) FROM b_case))`);

  // The timeline, inserted in time order as production appends it (events of many cases interleave on disk).
  // Its secondary indexes are dropped for the load and rebuilt after from their own definitions (pg_indexes),
  // so the schema stays exactly what the migrations made: 2M random-order inserts into two uuid-led btrees
  // would otherwise take several times as long.
  const eventIndexes = (
    await client.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'case_event'
          AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = 'case_event'::regclass)`,
    )
  ).rows as { indexname: string; indexdef: string }[];
  for (const ix of eventIndexes) await client.query(`DROP INDEX ${client.escapeIdentifier(ix.indexname)}`);
  await q('case_event', `
    INSERT INTO case_event (case_id, at, kind, actor_type, actor_id, actor_label, data)
    SELECT e.case_id, e.at, e.kind, CASE WHEN e.kind IN ('opened', 'risk_changed') THEN 'system' ELSE 'user' END,
           CASE WHEN e.kind IN ('opened', 'risk_changed') THEN NULL ELSE e.actor END,
           CASE WHEN e.kind IN ('opened', 'risk_changed') THEN 'system' ELSE 'Rådgiver' END,
           CASE e.kind WHEN 'stage_changed' THEN jsonb_build_object('from', 'arrears', 'to', e.stage)
                       WHEN 'risk_changed' THEN jsonb_build_object('from', 'low', 'to', 'medium', 'score', 30)
                       WHEN 'contact_logged' THEN jsonb_build_object('channel', 'phone', 'reached', true)
                       WHEN 'task_added' THEN jsonb_build_object('title', 'Ring til lejer', 'dueDate', '2026-01-15')
                       WHEN 'opened' THEN jsonb_build_object('stage', 'arrears', 'origin', 'arrears_import')
                       ELSE '{}'::jsonb END
      FROM (SELECT c.id AS case_id, c.counsellor_id AS actor, c.stage,
                   c.opened_at + (COALESCE(c.closed_at, now()) - c.opened_at) * ((k - 1)::float8 / cnt.v + random() / cnt.v / 2) AS at,
                   CASE WHEN k = 1 THEN 'opened'
                        ELSE (ARRAY['contact_logged', 'contact_logged', 'contact_logged', 'contact_logged', 'contact_logged', 'contact_logged',
                                    'task_added', 'task_added', 'task_completed', 'task_completed', 'note_added', 'note_added',
                                    'risk_changed', 'risk_changed', 'stage_changed', 'case_updated', 'assigned', 'budget_line_added',
                                    'debt_added', 'task_updated'])[1 + floor(random() * 20)::int] END AS kind
              FROM b_case c
              CROSS JOIN LATERAL (SELECT GREATEST(1, ${opts.eventsPerCase} - 10 + (c.n * 7919) % 21) AS v) cnt
              CROSS JOIN LATERAL generate_series(1, cnt.v) k) e
     ORDER BY e.at`);

  if (eventIndexes.length) await q(`case_event indexes (${eventIndexes.length})`, eventIndexes.map((ix) => `${ix.indexdef};`).join('\n'));

  await q('case_contact', `
    INSERT INTO case_contact (case_id, at, channel, direction, reached, summary, created_by, created_at)
    SELECT c.id, c.last_contact_at - (k - 1) * interval '9 days',
           (ARRAY['phone', 'phone', 'phone', 'sms', 'letter', 'home_visit', 'meeting', 'email'])[1 + floor(random() * 8)::int],
           CASE WHEN random() < 0.2 THEN 'inbound' ELSE 'outbound' END, k = 1 OR random() < 0.5,
           CASE WHEN random() < 0.7 THEN (ARRAY['Talt med lejer om restance', 'Aftalt afdragsordning', 'Lejer ønsker budgetrådgivning',
             'Ingen svar, lagt besked', 'Hjemmebesøg gennemført', 'Sendt brev om påkrav'])[1 + floor(random() * 6)::int] END,
           c.counsellor_id, c.last_contact_at - (k - 1) * interval '9 days'
      FROM b_case c CROSS JOIN LATERAL generate_series(1, 1 + c.n % 4) k
     WHERE c.last_contact_at IS NOT NULL AND c.last_contact_at - (k - 1) * interval '9 days' > c.opened_at`);

  await q('case_task', `
    INSERT INTO case_task (case_id, title, due_date, assignee_id, done_at, done_by, created_by, created_at)
    SELECT c.id, (${lit(TASKS)})[1 + (c.n + k) % ${TASKS.length}], c.first_task_due + (k - 1) * 7, c.counsellor_id,
           NULL, NULL, c.counsellor_id, greatest(c.opened_at, now() - interval '20 days')
      FROM b_case c CROSS JOIN LATERAL generate_series(1, c.open_tasks) k
    UNION ALL
    SELECT c.id, (${lit(TASKS)})[1 + (c.n * 3 + k) % ${TASKS.length}], c.open_d + 7 * k, c.counsellor_id,
           c.opened_at + make_interval(days => 5 * k), c.counsellor_id, c.counsellor_id, c.opened_at
      FROM b_case c CROSS JOIN LATERAL generate_series(1, (c.n % 3)) k`);

  await q('budgets, debts, agreements, applications', `
    INSERT INTO budget_line (case_id, kind, label, amount_ore, frequency)
    SELECT c.id, b.kind, b.label, (b.base * (0.7 + random() * 0.6))::bigint / 100 * 100, b.freq
      FROM b_case c
      CROSS JOIN (VALUES ('income', 'Løn', 2200000, 'monthly'), ('income', 'Boligstøtte', 180000, 'monthly'),
                         ('income', 'Børneydelse', 450000, 'quarterly'), ('expense', 'Husleje', 650000, 'monthly'),
                         ('expense', 'El og varme', 90000, 'monthly'), ('expense', 'Forsikring', 240000, 'yearly'),
                         ('expense', 'Mad', 350000, 'monthly')) b(kind, label, base, freq)
     WHERE NOT c.closed AND c.r_misc < 0.35;
    INSERT INTO case_debt (case_id, creditor, creditor_kind, amount_ore, note)
    SELECT c.id, d.creditor, d.kind, (d.base * (0.3 + random() * 2))::bigint / 100 * 100, NULL
      FROM b_case c
      CROSS JOIN LATERAL (SELECT * FROM (VALUES ('Boligforeningen', 'rent', 1500000, 1), ('Gældsstyrelsen', 'public', 2500000, 2),
                                               ('Forbrugslån A/S', 'consumer', 4000000, 3)) v(creditor, kind, base, i)
                           WHERE v.i <= 1 + c.n % 3) d
     WHERE NOT c.closed AND c.r_cw < 0.25;
    CREATE TEMP TABLE b_agr AS
    SELECT gen_random_uuid() AS id, c.id AS case_id, c.agreement AS status, c.open_d + 20 AS agreed, c.arrears, c.counsellor_id
      FROM b_case c WHERE c.agreement IS NOT NULL;
    INSERT INTO payment_agreement (id, case_id, status, agreed_date, note, created_by)
    SELECT id, case_id, status, agreed, 'Afdrag over seks måneder', counsellor_id FROM b_agr;
    INSERT INTO agreement_instalment (agreement_id, seq, due_date, amount_ore, status, paid_date)
    SELECT a.id, k, (a.agreed + make_interval(months => k))::date, greatest(100, a.arrears / 6),
           CASE WHEN (a.agreed + make_interval(months => k))::date < current_date THEN CASE WHEN a.status = 'broken' AND k > 2 THEN 'missed' ELSE 'paid' END ELSE 'pending' END,
           CASE WHEN (a.agreed + make_interval(months => k))::date < current_date AND NOT (a.status = 'broken' AND k > 2) THEN (a.agreed + make_interval(months => k))::date END
      FROM b_agr a CROSS JOIN generate_series(1, 6) k;
    INSERT INTO case_application (case_id, kind, status, submitted_date, amount_ore, created_by)
    SELECT c.id, CASE WHEN c.r_children < 0.5 THEN 'municipal_aid' ELSE 'housing_benefit' END,
           (ARRAY['planned', 'submitted', 'granted', 'rejected'])[1 + c.n % 4], CASE WHEN c.n % 4 > 0 THEN c.open_d + 10 END,
           c.arrears, c.counsellor_id
      FROM b_case c WHERE c.r_contact > 0.85`);

  const t0 = performance.now();
  await client.query('VACUUM (ANALYZE)');
  opts.log(`  ${'VACUUM (ANALYZE)'.padEnd(40)} ${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s`);

  const counts: Record<string, number> = {};
  for (const table of ['tenancy', 'person', 'app_user', 'case_file', 'case_event', 'case_contact', 'case_task', 'budget_line', 'payment_agreement']) {
    counts[table] = Number((await client.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
  }
  await client.query('DROP TABLE b_dept, b_ten, b_person, b_staff, b_team, b_c1, b_c2, b_c3, b_case, b_agr; RESET ALL');
  return { organisationId: orgId, counts };
}
