/**
 * Manual speed check of the parsers (not part of the test suite): generates a realistic snapshot in memory
 * and reports rows/s for CSV (UTF-8 and Windows-1252) and JSON. Run it through jest's TypeScript transform:
 *
 *   npx jest --config jest.config.cjs --testMatch '**\/parse-speed.manual-spec.ts' --testPathIgnorePatterns /node_modules/
 *
 * PARSE_SPEED_ROWS sets the row count (default 200,000).
 */
import iconv from 'iconv-lite';
import { readArrearsCsv } from './csv-reader.js';
import { readArrearsJson } from './json-reader.js';
import type { ByteSource } from './types.js';

const HEADER =
  'lejemålsnr;afdeling;adresse;lejlighed;postnr;lejer;cpr;telefon;e-mail;husleje;restance;ældste_forfald;påkrav_dato;' +
  'ophævelse_dato;fogedret_dato;udsættelse_dato;børn;afdragsordning';
const STREETS = ['Søndergade', 'Åboulevarden', 'Ærøvej', 'Østerbrogade', 'Nørregade', 'Vestergade'];
const NAMES = ['Søren Ørsted', 'Åse Ærbø', 'Mette Hansen', 'Jens Jensen', 'Fatima Ali', 'Peter "Pede" Madsen'];

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

export function generateCsv(rows: number): string {
  const lines: string[] = [HEADER];
  for (let i = 0; i < rows; i++) {
    const name = NAMES[i % NAMES.length]!;
    const quotedName = name.includes('"') ? `"${name.replace(/"/g, '""')}"` : name;
    const day = (i % 28) + 1;
    lines.push(
      [
        `L${pad(i, 8)}`,
        `A${i % 40}`,
        `${STREETS[i % STREETS.length]} ${(i % 120) + 1}`,
        i % 3 === 0 ? '"3. tv"' : 'st. th',
        pad(1000 + (i % 8999), 4),
        i % 5 === 0 ? `"${quotedName.replace(/^"|"$/g, '')}; Anna Berg"` : quotedName,
        `${pad(day, 2)}0${(i % 9) + 1}8${i % 10}-${pad(i % 10000, 4)}`,
        `+45 ${pad(20000000 + (i % 70000000), 8)}`,
        `lejer${i}@example.dk`,
        '7.845,00',
        `${(i * 37) % 50000},${pad(i % 100, 2)}`,
        `${pad(day, 2)}-0${(i % 9) + 1}-2026`,
        i % 2 ? `2026-0${(i % 9) + 1}-${pad(day, 2)}` : '',
        '',
        '',
        '',
        String(i % 4),
        i % 2 ? 'ja' : 'nej',
      ].join(';'),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

export function generateJson(rows: number): string {
  const parts: string[] = [];
  for (let i = 0; i < rows; i++) {
    const day = (i % 28) + 1;
    parts.push(
      JSON.stringify({
        tenancyNumber: `L${pad(i, 8)}`,
        departmentCode: `A${i % 40}`,
        address: `${STREETS[i % STREETS.length]} ${(i % 120) + 1}`,
        unit: '3. tv',
        postalCode: pad(1000 + (i % 8999), 4),
        tenantName: [NAMES[i % NAMES.length]!],
        tenantCpr: `${pad(day, 2)}0${(i % 9) + 1}8${i % 10}${pad(i % 10000, 4)}`,
        phone: `+45${pad(20000000 + (i % 70000000), 8)}`,
        email: `lejer${i}@example.dk`,
        monthlyRent: 7845,
        arrearsAmount: ((i * 37) % 50000) + (i % 100) / 100,
        oldestUnpaidDueDate: `2026-0${(i % 9) + 1}-${pad(day, 2)}`,
        childrenInHousehold: i % 4,
        paymentAgreement: i % 2 === 1,
      }),
    );
  }
  return `{"source":"bench","asOf":"2026-06-01","rows":[${parts.join(',')}]}`;
}

async function* chunked(buf: Buffer, size = 64 * 1024): AsyncGenerator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

async function time(
  label: string,
  rows: number,
  bytes: Buffer,
  read: (src: ByteSource) => AsyncIterable<{ kind: string }>,
): Promise<string> {
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  let ok = 0;
  let bad = 0;
  for await (const item of read(chunked(bytes))) {
    if (item.kind === 'row') ok++;
    else if (item.kind === 'rejected') bad++;
  }
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1e6;
  if (ok + bad !== rows || bad > 0) throw new Error(`${label}: ${ok} rows, ${bad} rejected, expected ${rows} rows`);
  // CPU time as well as wall time: on a busy machine the wall clock mostly measures the neighbours.
  const rate = (t: number): string => Math.round(rows / t).toLocaleString('en');
  return `${label}: ${rows} rows, ${(bytes.length / 1e6).toFixed(1)} MB; wall ${s.toFixed(2)} s = ${rate(s)} rows/s; cpu ${cpu.toFixed(2)} s = ${rate(cpu)} rows/s`;
}

export async function measureParseSpeed(rows: number): Promise<string[]> {
  const csv = generateCsv(rows);
  const utf8 = Buffer.from(csv, 'utf8');
  const win = iconv.encode(csv, 'windows-1252');
  const json = Buffer.from(generateJson(rows), 'utf8');
  const out: string[] = [];
  for (let run = 0; run < 2; run++) {
    out.push(await time('csv utf-8     ', rows, utf8, (s) => readArrearsCsv(s)));
    out.push(await time('csv cp1252    ', rows, win, (s) => readArrearsCsv(s)));
    out.push(await time('json          ', rows, json, (s) => readArrearsJson(s)));
  }
  return out;
}

if (typeof test === 'function') {
  test('parse speed', async () => {
    const rows = Number(process.env.PARSE_SPEED_ROWS ?? 200_000);
    const lines = await measureParseSpeed(rows);
    process.stdout.write(lines.join('\n') + '\n');
  }, 600_000);
}
