import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes measured with `npm run bench:escalation` (1,000,000 cases, 500 caseworkers): one small partial index per
 * criterion of the weekly selection, over the open cases that have a caseworker, so the selection is a BitmapOr
 * of five index scans instead of a scan of every open case (with the selection's criteria written out as an OR:
 * 0.31 s → 0.20 s in the database for 41,860 of 849,010 open cases flagged, and no JIT, which the old plan's estimate
 * of 670,000 rows switched on). PostgreSQL ignores the statistics of a partial expression index, so the "no
 * contact" expression gets statistics of its own, or its share is guessed at a third.
 *
 * And the outbox relay's index: due rows by due time. The relay polls every second for the rows due within the next
 * minute; with reminders scheduled weeks ahead (a million rows not yet due) the index on id made every poll read the
 * whole pending set (150 ms a poll in the bench's database; 0.4 ms with this one).
 */
export class EscalationIndexes1795300000007 implements MigrationInterface {
  name = 'EscalationIndexes1795300000007';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX case_file_esc_eviction_idx ON case_file (organisation_id, eviction_date)
        WHERE status = 'open' AND responsible_caseworker_id IS NOT NULL AND eviction_date IS NOT NULL;
      CREATE INDEX case_file_esc_contact_idx ON case_file (organisation_id, (COALESCE(last_contact_at, opened_at)))
        WHERE status = 'open' AND responsible_caseworker_id IS NOT NULL;
      CREATE INDEX case_file_esc_missed_idx ON case_file (organisation_id)
        WHERE status = 'open' AND responsible_caseworker_id IS NOT NULL AND missed_instalment_count > 0;
      CREATE INDEX case_file_esc_tasks_idx ON case_file (organisation_id, earliest_open_task_due)
        WHERE status = 'open' AND responsible_caseworker_id IS NOT NULL AND earliest_open_task_due IS NOT NULL;
      CREATE INDEX case_file_esc_risk_idx ON case_file (organisation_id)
        WHERE status = 'open' AND responsible_caseworker_id IS NOT NULL AND risk_rank > escalation_baseline_rank;
      CREATE STATISTICS case_file_contact_stats ON (COALESCE(last_contact_at, opened_at)) FROM case_file;
      -- No ANALYZE here: on a new install case_file is empty, and statistics saying "0 rows" would make the
      -- first large arrears import plan nested loops over it. Autovacuum gathers them once there is data.

      DROP INDEX outbox_pending_idx;
      CREATE INDEX outbox_due_idx ON outbox (run_at, id) WHERE relayed_at IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX outbox_due_idx;
      CREATE INDEX outbox_pending_idx ON outbox (id) WHERE relayed_at IS NULL;
      DROP STATISTICS case_file_contact_stats;
      DROP INDEX case_file_esc_risk_idx;
      DROP INDEX case_file_esc_tasks_idx;
      DROP INDEX case_file_esc_missed_idx;
      DROP INDEX case_file_esc_contact_idx;
      DROP INDEX case_file_esc_eviction_idx;
    `);
  }
}
