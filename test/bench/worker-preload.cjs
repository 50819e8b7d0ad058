// Preloaded into the worker process that `npm run bench:import` spawns (node --require), never part of the
// worker itself. Plain CommonJS: it runs under plain node before the worker's ESM entry point.
//
// 1. The worker exits when the bench that started it is gone (a killed bench must not leave a worker behind).
// 2. With BENCH_WORKER_PROFILE=<file>: the IPC message 'profile:start' starts a V8 CPU profile, 'profile:stop'
//    writes it to <file> and answers 'profile:written' (so the profile covers the measured import only; --cpu-prof
//    would cover the whole life and needs a clean exit). Not a signal: Nest's enableShutdownHooks() takes SIGUSR2
//    (and most others) as a reason to shut down.
'use strict';
const fs = require('node:fs');
const inspector = require('node:inspector');

const parent = Number(process.env.BENCH_PARENT_PID || 0);
if (parent) {
  setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      process.exit(3);
    }
  }, 1000).unref();
}

const target = process.env.BENCH_WORKER_PROFILE;
if (target && process.send) {
  // The channel must not keep the worker alive by itself.
  if (process.channel) process.channel.unref();
  let session = null;
  const post = (method, params) =>
    new Promise((resolve, reject) => session.post(method, params || {}, (err, res) => (err ? reject(err) : resolve(res))));
  const fail = (err) => process.stderr.write(`bench profiler: ${err}\n`);
  process.on('message', (msg) => {
    if (msg === 'profile:start' && !session) {
      session = new inspector.Session();
      session.connect();
      post('Profiler.enable')
        .then(() => post('Profiler.setSamplingInterval', { interval: 1000 }))
        .then(() => post('Profiler.start'))
        .then(() => process.send('profile:started'))
        .catch(fail);
    } else if (msg === 'profile:stop' && session) {
      post('Profiler.stop')
        .then(({ profile }) => {
          fs.writeFileSync(target, JSON.stringify(profile));
          session.disconnect();
          session = null;
          process.send('profile:written');
        })
        .catch(fail);
    }
  });
}
