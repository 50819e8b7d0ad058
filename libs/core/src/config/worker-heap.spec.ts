import { spawnSync } from 'node:child_process';
import { heapLimitWarning, workerNodeFlags } from './worker-heap.js';

const MB = 1024 * 1024;

/** The heap limit V8 reports in a fresh Node process started with these flags. */
function heapLimitWith(flags: string[]): number {
  const r = spawnSync(process.execPath, [...flags, '-e', 'console.log(require("v8").getHeapStatistics().heap_size_limit)'], { encoding: 'utf8' });
  return Number(r.stdout.trim());
}

describe('worker heap limit', () => {
  it('passes WORKER_HEAP_MB as the old-generation limit', () => {
    expect(workerNodeFlags({ WORKER_HEAP_MB: 192 })).toEqual(['--max-old-space-size=192']);
  });

  it('is quiet when the worker was started with the flags it asks for', () => {
    for (const mb of [96, 192, 512, 4096]) {
      const limit = heapLimitWith(workerNodeFlags({ WORKER_HEAP_MB: mb }));
      expect(limit).toBeGreaterThanOrEqual(mb * MB);
      expect(heapLimitWarning({ WORKER_HEAP_MB: mb }, limit)).toBeNull();
    }
  });

  it("warns, naming the flag, when the worker runs on V8's default limit", () => {
    const limit = heapLimitWith([]);
    const warning = heapLimitWarning({ WORKER_HEAP_MB: 192 }, limit);
    expect(warning).toContain('--max-old-space-size=192');
    expect(warning).toContain(`${Math.round(limit / MB)} MB`);
  });

  it('warns when the limit is far above the configured one, not just slightly', () => {
    expect(heapLimitWarning({ WORKER_HEAP_MB: 192 }, 240 * MB)).toBeNull();
    expect(heapLimitWarning({ WORKER_HEAP_MB: 192 }, 400 * MB)).toMatch(/400 MB, not WORKER_HEAP_MB=192/);
  });
});
