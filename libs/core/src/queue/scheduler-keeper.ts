import type { Queue, RepeatOptions } from 'bullmq';

export interface ScheduleSpec {
  /** The job scheduler's id (one per queue and purpose). */
  id: string;
  repeat: Omit<RepeatOptions, 'key'>;
  job: { name: string; data?: Record<string, unknown> };
}

/**
 * Keeps a queue's job schedulers (crons, reconcilers) in place. They live in Redis: a Redis that restarts without
 * its data (or fails over to a replica that was behind) loses them together with every queued job, and with them
 * the reconcilers that would find those jobs again. So they are upserted at start and checked every `checkMs`;
 * any that is gone is put back (a reconciler then runs at once, as BullMQ runs an `every` schedule on creation).
 * One check at a time: while Redis is unreachable a check waits for it instead of piling up.
 */
export class SchedulerKeeper {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly queue: Queue,
    private readonly specs: readonly ScheduleSpec[],
    private readonly checkMs: number,
    private readonly onRestored: (ids: string[]) => void,
    private readonly onError: (err: Error) => void,
  ) {}

  async start(): Promise<void> {
    for (const s of this.specs) await this.upsert(s);
    this.next();
  }

  /** Puts back the schedulers that are missing; returns their ids. */
  async check(): Promise<string[]> {
    const restored: string[] = [];
    for (const s of this.specs) {
      if (await this.queue.getJobScheduler(s.id)) continue;
      await this.upsert(s);
      restored.push(s.id);
    }
    if (restored.length) this.onRestored(restored);
    return restored;
  }

  /** Stops checking (not waiting for a check in progress: it may be waiting for an unreachable Redis). */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private upsert(s: ScheduleSpec) {
    return this.queue.upsertJobScheduler(s.id, s.repeat, { name: s.job.name, data: s.job.data ?? {} });
  }

  private next(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.check()
        .catch((err: Error) => {
          if (!this.stopped) this.onError(err);
        })
        .finally(() => this.next());
    }, this.checkMs);
    this.timer.unref();
  }
}
