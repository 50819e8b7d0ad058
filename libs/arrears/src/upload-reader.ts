import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { UploadUnreadableError, type UploadCipher } from './upload-cipher.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The signature a binary COPY starts with, then a 32-bit flags field and the length of a header extension. */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const EMPTY: Buffer = Buffer.alloc(0);

/**
 * The stored upload of an import, one decrypted chunk (1 MiB) at a time, read with one
 * `COPY … TO STDOUT (FORMAT binary)` on a connection of its own. A SELECT per stored chunk would bring each MiB as
 * a 2 MiB hex string, which V8 allocates in its large-object space and frees only in a full collection: for a
 * 120 MB snapshot that alone made the worker's heap grow by a few hundred MB between collections. The chunks arrive
 * as Buffers (outside V8's heap); each is decrypted whole, its tag verified before any of its bytes are yielded
 * (UploadCipher), and the next is read while the parser works on it.
 *
 * The chunks must be numbered 0, 1, 2, … without a gap and, when `expectedBytes` is given (the import's
 * `size_bytes`), add up to it: a missing or truncated upload is an {@link UploadUnreadableError}, like a chunk that
 * does not decrypt.
 */
export async function* readUpload(pool: pg.Pool, importId: string, cipher: UploadCipher, expectedBytes?: number): AsyncGenerator<Buffer> {
  if (!UUID.test(importId)) throw new Error(`not an import id: ${importId}`);
  const client = await pool.connect();
  let finished = false;
  try {
    const stream = client.query(
      copyTo(
        `COPY (SELECT seq, key_id, data FROM arrears_upload_chunk WHERE import_id = '${importId}' ORDER BY seq) TO STDOUT (FORMAT binary)`,
      ),
    );
    yield* openChunks(copyRows(stream, 3), importId, cipher, expectedBytes);
    finished = true;
  } finally {
    // A reader that stops early (a fatal error in the file) leaves the connection inside the COPY: closed, not reused.
    client.release(finished ? undefined : new Error('upload read abandoned'));
  }
}

/**
 * The plaintext of an upload's chunks, from rows `seq, key_id, data` in order of `seq`: each decrypted whole and
 * verified (UploadCipher.open), the numbering checked for gaps and the total against `expectedBytes`.
 */
export async function* openChunks(
  rows: AsyncIterable<(Buffer | null)[]>,
  importId: string,
  cipher: UploadCipher,
  expectedBytes?: number,
): AsyncGenerator<Buffer> {
  let next = 0;
  let bytes = 0;
  for await (const [seq, keyId, data] of rows) {
    const n = seq?.length === 4 ? seq.readInt32BE(0) : -1;
    if (n !== next) throw new UploadUnreadableError(`chunk ${next} of the stored upload is missing`);
    if (!data) throw new UploadUnreadableError(`chunk ${n} of the stored upload is empty`);
    // Decrypted at once, while `data` is valid; a plaintext chunk is copied out of the row (the parser keeps pieces).
    const plain = keyId ? cipher.open(importId, n, keyId.toString('utf8'), data) : Buffer.from(data);
    bytes += plain.length;
    next++;
    yield plain;
  }
  if (expectedBytes !== undefined && bytes !== expectedBytes) {
    throw new UploadUnreadableError(`the stored upload has ${bytes} of its ${expectedBytes} bytes`);
  }
}

type Stage = 'header' | 'extension' | 'row' | 'length' | 'data' | 'end';

/**
 * The rows of a binary COPY (PostgreSQL's documented format: signature, flags, header extension; per row a 16-bit
 * field count, then per field a 32-bit length, -1 for null, and the bytes; a field count of -1 ends it), each row
 * as its `fields` values (null for NULL), every value whole however the input is cut. A value that lies within one
 * piece of the input is a slice of it; one that spans pieces is copied together into a scratch buffer of its field,
 * reused for the next row, so a row's values are valid only until the next row is asked for (copy what must live longer).
 * Reusing it spares a 1 MiB allocation per stored chunk, which would otherwise add to the worker's RSS.
 */
export async function* copyRows(input: AsyncIterable<Buffer>, fields: number): AsyncGenerator<(Buffer | null)[]> {
  let stage: Stage = 'header';
  /** An incomplete header, field count or length, carried over from the previous piece. */
  let head = EMPTY;
  /** Bytes of the current value (or of the header extension) still to come. */
  let remaining = 0;
  /** The current value when it spans pieces (a view of its field's scratch buffer), and how much of it has arrived. */
  let value: Buffer | null = null;
  let filled = 0;
  const scratch: Buffer[] = Array.from({ length: fields }, () => EMPTY);
  let row: (Buffer | null)[] = [];
  for await (const piece of input) {
    let buf: Buffer = piece;
    while (buf.length && stage !== 'end') {
      /** A value completed in this step (null for NULL); undefined when none was. */
      let done: Buffer | null | undefined;
      if (stage === 'extension') {
        const n = Math.min(remaining, buf.length);
        remaining -= n;
        buf = buf.subarray(n);
        if (!remaining) stage = 'row';
        continue;
      }
      if (stage === 'data') {
        const n = Math.min(remaining, buf.length);
        if (value === null && n === remaining) {
          done = buf.subarray(0, n);
        } else {
          if (value === null) {
            const k = row.length;
            if (scratch[k]!.length < remaining) scratch[k] = Buffer.allocUnsafe(remaining);
            value = scratch[k]!.subarray(0, remaining);
          }
          buf.copy(value, filled, 0, n);
          filled += n;
          if (n === remaining) {
            done = value;
            value = null;
            filled = 0;
          }
        }
        remaining -= n;
        buf = buf.subarray(n);
      } else {
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
          const count = head.readInt16BE(0);
          if (count === -1) stage = 'end';
          else if (count !== fields) throw new Error(`a row of ${count} fields, expected ${fields}`);
          else stage = 'length';
        } else {
          const length = head.readInt32BE(0);
          if (length > 0) {
            remaining = length;
            stage = 'data';
          } else done = length === 0 ? EMPTY : null;
        }
        head = EMPTY;
      }
      if (done === undefined) continue;
      row.push(done);
      if (row.length < fields) {
        stage = 'length';
        continue;
      }
      yield row;
      row = [];
      stage = 'row';
    }
  }
  if (stage !== 'end') throw new Error('the upload ended before the end of the COPY');
}
