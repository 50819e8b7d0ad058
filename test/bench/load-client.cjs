// Load generator for test/bench/api.bench.ts, forked as a child process so that autocannon's own CPU use
// does not share an event loop with the server under test. Receives one job per IPC message, answers with
// the measured figures. Plain CommonJS on purpose: it runs under plain node, not under jest.
'use strict';
const autocannon = require('autocannon');

function run(opts) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
    // autocannon otherwise keeps sockets of a finished run open a moment; nothing to print while running.
    instance.on('error', reject);
  });
}

async function job({ baseUrl, paths, headers, connections, durationS }) {
  let i = Math.floor(Math.random() * paths.length);
  const r = await run({
    url: baseUrl + paths[0],
    headers,
    connections,
    duration: durationS,
    // One request template whose path rotates through the given paths (case ids for the detail runs).
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }) }],
  });
  return {
    rps: r.requests.average,
    total: r.requests.total,
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    max: r.latency.max,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    bytesPerReq: r.requests.total ? Math.round(r.throughput.total / r.requests.total) : 0,
  };
}

process.on('message', (msg) => {
  job(msg).then(
    (result) => process.send({ ok: true, result }),
    (err) => process.send({ ok: false, error: String((err && err.stack) || err) }),
  );
});
