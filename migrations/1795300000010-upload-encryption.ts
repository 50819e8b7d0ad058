import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Arrears uploads encrypted at rest, and kept for a retention period only.
 *
 * - `arrears_upload_chunk.key_id`: the id of the key (from CPR_ENCRYPTION_KEYS) that encrypted the chunk, stored as
 *   `iv | tag | ciphertext` (AES-256-GCM, associated data `<importId>:<seq>:<keyId>`). NULL: a chunk stored before
 *   this migration, in plaintext, still read as it is (old imports can be replayed). Adding a nullable column
 *   without a default rewrites nothing.
 * - `arrears_import.upload_purged_at`: when the daily purge deleted the import's chunks after
 *   ARREARS_UPLOAD_RETENTION_DAYS; such an import cannot be replayed. Imports whose chunks were already deleted by
 *   hand (operations.md used to show how) are marked now, so their replay is refused with that reason as well.
 *
 * `down` refuses while encrypted chunks exist: the previous version would read their ciphertext as the file.
 * Delete them first if you must go back (`DELETE FROM arrears_upload_chunk WHERE key_id IS NOT NULL`), knowing
 * that those imports can then no longer be replayed.
 */
export class UploadEncryption1795300000010 implements MigrationInterface {
  name = 'UploadEncryption1795300000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE arrears_upload_chunk ADD COLUMN key_id text;
      ALTER TABLE arrears_import ADD COLUMN upload_purged_at timestamptz;
      UPDATE arrears_import i SET upload_purged_at = now()
       WHERE i.replay_of IS NULL AND i.status IN ('done', 'failed') AND i.size_bytes > 0
         AND NOT EXISTS (SELECT 1 FROM arrears_upload_chunk c WHERE c.import_id = i.id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    const [{ n }] = await q.query('SELECT count(*)::int AS n FROM arrears_upload_chunk WHERE key_id IS NOT NULL');
    if (n > 0) {
      throw new Error(
        `${n} arrears upload chunks are encrypted, which the previous version cannot read; ` +
          'delete them first (DELETE FROM arrears_upload_chunk WHERE key_id IS NOT NULL) to revert this migration',
      );
    }
    await q.query(`
      ALTER TABLE arrears_import DROP COLUMN upload_purged_at;
      ALTER TABLE arrears_upload_chunk DROP COLUMN key_id;
    `);
  }
}
