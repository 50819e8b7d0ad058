/**
 * The real worker as a child process of a bench, so that its memory and CPU are its own:
 * dist/apps/worker/…/main.js, rebuilt with `nest build worker` when missing or older than its sources, started
 * with worker-preload.cjs (it ends the worker when the bench dies, and switches the CPU profiler over IPC), and
 * waited for until /health/ready answers. What it logs is printed with the prefix `worker:`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { configSchema, workerNodeFlags } from '@forebyg/core';
import { freePort } from '../support/worker-process.js';
import { ROOT, out, secs, sleep } from './bench-setup.js';

export const WORKER_MAIN = path.join(ROOT, 'dist/apps/worker/apps/worker/src/main.js');

/**
 * The flags production starts the worker with (its heap limit, WORKER_HEAP_MB; `npm start`, docker/compose.yml).
 * V8 lets an unlimited old generation grow to about four times what is live before a full collection, which took
 * an idle 155 MB worker to about 340 MB during an import; with a 192 MB limit it collects sooner, at no measurable
 * cost, and stays under 200 MB.
 */
export const PRODUCTION_WORKER_NODE_OPTIONS = workerNodeFlags({
  WORKER_HEAP_MB: configSchema.shape.WORKER_HEAP_MB.parse(process.env.WORKER_HEAP_MB),
}).join(' ');

/** Newest modification time of the TypeScript sources the worker is built from. */
function newestSource(dirs: string[]): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(p);
      } else if (entry.name.endsWith('.ts')) {
        newest = Math.max(newest, statSync(p).mtimeMs);
      }
    }
  };
  for (const d of dirs) walk(path.join(ROOT, d));
  return newest;
}

/**
 * The worker's build, rebuilt with `nest build worker` when it is missing or older than the sources. tsc writes
 * the JavaScript even when the type check fails; the bench then runs what was emitted, and says so.
 */
export function ensureWorkerBuild(): void {
  const sources = newestSource(['apps/worker/src', 'libs', 'migrations']);
  if (existsSync(WORKER_MAIN) && statSync(WORKER_MAIN).mtimeMs >= sources) {
    out(`worker build: ${path.relative(ROOT, WORKER_MAIN)} is up to date`);
    return;
  }
  out('worker build: missing or older than the sources; running `nest build worker` …');
  const started = Date.now();
  const r = spawnSync(path.join(ROOT, 'node_modules/.bin/nest'), ['build', 'worker'], { cwd: ROOT, encoding: 'utf8' });
  const built = existsSync(WORKER_MAIN) && statSync(WORKER_MAIN).mtimeMs >= started - 1000;
  if (r.status !== 0) {
    const errors = `${r.stdout}\n${r.stderr}`
      .replace(/\x1b\[[0-9;]*m/g, '')
      .split('\n')
      .filter((l) => /error TS\d+/.test(l));
    if (!built) throw new Error(`nest build worker failed:\n${r.stdout}\n${r.stderr}`);
    out(
      `worker build: ${secs(Date.now() - started)} s, WITH ${errors.length} TYPE ERROR(S) (tsc emitted the JavaScript anyway; the bench runs it):`,
    );
    for (const e of errors) out(`  ${e.trim()}`);
  } else {
    out(`worker build: ${secs(Date.now() - started)} s`);
  }
}

export interface BenchWorker {
  child: ChildProcess;
  pid: number;
  port: number;
  exited: Promise<void>;
}

export interface WorkerOptions {
  /** NODE_OPTIONS of the worker ('' for none); unset, production's flags (PRODUCTION_WORKER_NODE_OPTIONS). */
  nodeOptions?: string;
  /** For worker-preload.cjs: where 'profile:stop' writes the CPU profile (and an IPC channel to switch it). */
  profileFile?: string | null;
}

/**
 * Starts the worker (NODE_ENV=development, LOG_LEVEL=warn, a free health port) with `env` on top of this
 * process's environment, and waits up to 120 s for /health/ready.
 */
export async function startWorker(env: Record<string, string | undefined>, opts: WorkerOptions = {}): Promise<BenchWorker> {
  const port = await freePort();
  const childEnv: Record<string, string | undefined> = {
    ...process.env,
    ...env,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    WORKER_HEALTH_PORT: String(port),
    BENCH_PARENT_PID: String(process.pid),
    BENCH_WORKER_PROFILE: opts.profileFile ?? undefined,
  };
  childEnv.NODE_OPTIONS = (opts.nodeOptions ?? PRODUCTION_WORKER_NODE_OPTIONS) || undefined;
  for (const k of Object.keys(childEnv)) if (childEnv[k] === undefined) delete childEnv[k];
  const child = spawn(process.execPath, ['--require', path.join(__dirname, 'worker-preload.cjs'), WORKER_MAIN], {
    cwd: ROOT,
    env: childEnv as NodeJS.ProcessEnv,
    // An IPC channel only to switch the CPU profiler (worker-preload.cjs).
    stdio: opts.profileFile ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  const onOutput = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      tail.push(line);
      if (tail.length > 50) tail.shift();
      // LOG_LEVEL=warn: whatever the worker logs is worth seeing.
      out(`  worker: ${line.length > 400 ? `${line.slice(0, 400)} …` : line}`);
    }
  };
  child.stdout!.on('data', onOutput);
  child.stderr!.on('data', onOutput);
  let dead = false;
  const exited = once(child, 'exit').then(() => {
    dead = true;
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (dead) throw new Error(`the worker exited while starting:\n${tail.join('\n')}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the worker was not ready within 120 s:\n${tail.join('\n')}`);
    }
    const ok = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    await sleep(250);
  }
  return { child, pid: child.pid!, port, exited };
}

/** SIGTERM, and SIGKILL after 30 s. */
export async function stopWorker(w: BenchWorker): Promise<void> {
  if (w.child.exitCode !== null || w.child.signalCode !== null) return;
  w.child.kill('SIGTERM');
  const timer = setTimeout(() => w.child.kill('SIGKILL'), 30_000);
  await w.exited;
  clearTimeout(timer);
}

/** Sends the worker's preload a message and waits for its answer. */
export async function workerMessage(w: BenchWorker, message: string, answer: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the worker did not answer ${message} within 60 s`)), 60_000);
    const on = (m: unknown) => {
      if (m !== answer) return;
      w.child.off('message', on);
      clearTimeout(timer);
      resolve();
    };
    w.child.on('message', on);
    w.child.send(message);
  });
}
