import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes measured with `npm run bench:api` (100,000 cases): the default caseload order (risk, then days left)
 * and the "by days left" order become ordered index scans that stop after one page, and a count filtered by
 * stage becomes an index-only scan.
 */
export class CaseloadIndexes1795300000004 implements MigrationInterface {
  name = 'CaseloadIndexes1795300000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX case_file_org_risk_idx;
      DROP INDEX case_file_org_due_idx;
      CREATE INDEX case_file_org_risk_idx ON case_file (organisation_id, status, risk_rank DESC, next_step_due, id);
      CREATE INDEX case_file_org_due_idx ON case_file (organisation_id, status, next_step_due, id);
      CREATE INDEX case_file_org_stage_idx ON case_file (organisation_id, status, stage);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX case_file_org_stage_idx;
      DROP INDEX case_file_org_due_idx;
      DROP INDEX case_file_org_risk_idx;
      CREATE INDEX case_file_org_risk_idx ON case_file (organisation_id, status, risk_rank DESC, id);
      CREATE INDEX case_file_org_due_idx ON case_file (organisation_id, status, next_step_due);
    `);
  }
}
