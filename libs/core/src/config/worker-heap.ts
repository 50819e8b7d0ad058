import { getHeapStatistics } from 'node:v8';

/**
 * The worker's heap limit (WORKER_HEAP_MB). It can only be set when the process starts, so whoever starts the
 * worker passes these flags: the `npm start` launcher, the tests' worker processes, docker/compose.yml.
 */
export function workerNodeFlags(config: { WORKER_HEAP_MB: number }): string[] {
  return [`--max-old-space-size=${config.WORKER_HEAP_MB}`];
}

/**
 * A line for the worker's start-up log when it runs without the configured limit (V8's own default is a few GB
 * here), or null when the limit is in force. V8 adds its young generation and a little more on top of
 * `--max-old-space-size`, hence the margin.
 */
export function heapLimitWarning(config: { WORKER_HEAP_MB: number }, heapLimitBytes = getHeapStatistics().heap_size_limit): string | null {
  const limitMb = Math.round(heapLimitBytes / 1024 / 1024);
  if (limitMb <= config.WORKER_HEAP_MB * 1.5 + 64) return null;
  return (
    `the worker's heap limit is ${limitMb} MB, not WORKER_HEAP_MB=${config.WORKER_HEAP_MB}: start it with ` +
    `\`node ${workerNodeFlags(config).join(' ')} …\` (docs/operations.md), or a large import can take several times the memory`
  );
}
