import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The signature a binary COPY starts with, then a 32-bit flags field and the length of a header extension. */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const EMPTY: Buffer = Buffer.alloc(0);

/**
 * The stored upload of an import, as bytes in pieces of the socket's size, read with one
 * `COPY … TO STDOUT (FORMAT binary)` on a connection of its own. A SELECT per stored chunk would bring each MiB as
 * a 2 MiB hex string, which V8 allocates in its large-object space and frees only in a full collection: for a
 * 120 MB snapshot that alone made the worker's heap grow by a few hundred MB between collections.
 */
export async function* readUpload(pool: pg.Pool, importId: string): AsyncGenerator<Buffer> {
  if (!UUID.test(importId)) throw new Error(`not an import id: ${importId}`);
  const client = await pool.connect();
  let finished = false;
  try {
    const stream = client.query(
      copyTo(`COPY (SELECT data FROM arrears_upload_chunk WHERE import_id = '${importId}' ORDER BY seq) TO STDOUT (FORMAT binary)`),
    );
    yield* columnBytes(stream);
    finished = true;
  } finally {
    // A reader that stops early (a fatal error in the file) leaves the connection inside the COPY: closed, not reused.
    client.release(finished ? undefined : new Error('upload read abandoned'));
  }
}

/**
 * The bytes of the one column of every row of a binary COPY (PostgreSQL's documented format: signature, flags,
 * header extension; per row a 16-bit field count, then per field a 32-bit length, -1 for null, and the bytes; a
 * field count of -1 ends it), as slices of the pieces it arrives in.
 */
export async function* columnBytes(input: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  type Stage = 'header' | 'extension' | 'row' | 'length' | 'data' | 'end';
  let stage: Stage = 'header';
  /** An incomplete header, field count or length, carried over from the previous piece. */
  let head = EMPTY;
  /** Bytes of the current field (or of the header extension) still to come. */
  let remaining = 0;
  for await (const piece of input) {
    let buf: Buffer = piece;
    while (buf.length && stage !== 'end') {
      if (stage === 'data' || stage === 'extension') {
        const n = Math.min(remaining, buf.length);
        if (stage === 'data') yield buf.subarray(0, n);
        remaining -= n;
        buf = buf.subarray(n);
        if (!remaining) stage = 'row';
        continue;
      }
      const need = stage === 'header' ? SIGNATURE.length + 8 : stage === 'row' ? 2 : 4;
      const take = Math.min(need - head.length, buf.length);
      head = head.length ? Buffer.concat([head, buf.subarray(0, take)]) : buf.subarray(0, take);
      buf = buf.subarray(take);
      if (head.length < need) continue;
      if (stage === 'header') {
        if (!head.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new Error('not a binary COPY');
        remaining = head.readUInt32BE(SIGNATURE.length + 4);
        stage = remaining ? 'extension' : 'row';
      } else if (stage === 'row') {
        const fields = head.readInt16BE(0);
        if (fields === -1) stage = 'end';
        else if (fields !== 1) throw new Error(`a row of ${fields} fields, expected 1`);
        else stage = 'length';
      } else {
        const length = head.readInt32BE(0);
        if (length > 0) {
          remaining = length;
          stage = 'data';
        } else stage = 'row';
      }
      head = EMPTY;
    }
  }
  if (stage !== 'end') throw new Error('the upload ended before the end of the COPY');
}
