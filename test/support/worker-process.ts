import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { configSchema, workerNodeFlags } from '@forebyg/core';

/** The built worker (`npm run build:server`, which `npm test` runs first). */
export const WORKER_ENTRY = path.resolve(__dirname, '../../dist/apps/worker/apps/worker/src/main.js');

export interface WorkerProcess {
  child: ChildProcess;
  output: string[];
  /** Resolves when /health/ready answers 200. */
  ready(timeoutMs?: number): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * The real worker as its own OS process, so a test can kill it with SIGKILL mid-job and start it again, as an
 * orchestrator would after a crash.
 */
export async function spawnWorker(env: Record<string, string>): Promise<WorkerProcess> {
  if (!existsSync(WORKER_ENTRY)) {
    throw new Error(`${WORKER_ENTRY} is missing: run \`npm run build:server\` first (npm test does it)`);
  }
  const port = await freePort();
  // Under the same heap limit as `npm start` and docker/compose.yml give it.
  const flags = workerNodeFlags({ WORKER_HEAP_MB: configSchema.shape.WORKER_HEAP_MB.parse(env.WORKER_HEAP_MB ?? process.env.WORKER_HEAP_MB) });
  const child = spawn(process.execPath, [...flags, WORKER_ENTRY], {
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', WORKER_HEALTH_PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (d) => output.push(String(d)));
  child.stderr!.on('data', (d) => output.push(String(d)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output,
    async ready(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`worker exited with ${child.exitCode}: ${output.join('')}`);
        const ok = await fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.ok, () => false);
        if (ok) return;
        if (Date.now() > deadline) throw new Error(`worker not ready after ${timeoutMs} ms: ${output.join('')}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
