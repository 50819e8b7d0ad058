import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Measured with `npm run bench:import` (a 1,000,000-row snapshot over the previous one):
 *
 * - arrears_history loses its two foreign keys. Each history row fired two FK checks, each an index probe plus a
 *   FOR KEY SHARE lock on the tenancy row (which dirties that tenancy's heap page) and on the import row: about
 *   13 s of a million-row apply. The table is append-only history written only by the snapshot applier, in the
 *   transaction that created or locked its tenancy and its import (the applier joins staged rows to existing
 *   tenancies, so it cannot write a dangling id), and the application deletes neither tenancies nor imports.
 *   Without the keys' ON DELETE CASCADE, removing an organisation wholesale (TRUNCATE … CASCADE, in tests) leaves
 *   its history rows behind; they are never read, because every reader reaches history through a tenancy.
 * - tenancy gets fillfactor 85: an import changes a fifth of the tenancies' arrears, and with room on the page
 *   such an update is HOT (it touches none of tenancy's indexed columns: id, organisation_id, tenancy_number,
 *   department_id, and address, which changes rarely), so it writes no entries in tenancy's five indexes,
 *   two of them trigram GIN: 164,000 of the 225,000 tenancy updates of the bench's import were HOT. Takes effect
 *   for pages written from now on (an existing installation's table gets it as rows move, or with VACUUM FULL).
 */
export class ArrearsApplySpeed1795300000009 implements MigrationInterface {
  name = 'ArrearsApplySpeed1795300000009';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE arrears_history DROP CONSTRAINT arrears_history_tenancy_id_fkey, DROP CONSTRAINT arrears_history_import_id_fkey;
      ALTER TABLE tenancy SET (fillfactor = 85);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE tenancy RESET (fillfactor);
      DELETE FROM arrears_history h WHERE NOT EXISTS (SELECT 1 FROM tenancy t WHERE t.id = h.tenancy_id)
         OR NOT EXISTS (SELECT 1 FROM arrears_import i WHERE i.id = h.import_id);
      ALTER TABLE arrears_history
        ADD CONSTRAINT arrears_history_tenancy_id_fkey FOREIGN KEY (tenancy_id) REFERENCES tenancy(id) ON DELETE CASCADE,
        ADD CONSTRAINT arrears_history_import_id_fkey FOREIGN KEY (import_id) REFERENCES arrears_import(id) ON DELETE CASCADE;
    `);
  }
}
