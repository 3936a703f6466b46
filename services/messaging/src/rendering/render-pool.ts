import { DomainError } from '@cairn/core';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DEFAULT_TEMPLATE_LIMITS, TemplateLimits } from '@cairn/messaging-domain';
import { RenderItem, RenderResult, WorkerInput, WorkerReply } from './render-protocol';

export interface RenderPoolOptions {
  /** Worker threads (default 2). */
  workers: number;
  limits: TemplateLimits;
  /** Past the budget, how long a worker may still take before it is stopped (its own check usually ends the render first). */
  graceMs: number;
  /** Items waiting for a worker beyond which a caller that may be refused is refused (RenderBusy, 503). */
  maxQueued: number;
  /** Items handed to a worker at once. */
  maxItemsPerJob: number;
  /** Heap of one worker, in MB: a render that needs more fails alone. */
  maxHeapMb: number;
}

export const DEFAULT_RENDER_POOL: RenderPoolOptions = {
  workers: 2,
  limits: DEFAULT_TEMPLATE_LIMITS,
  graceMs: 100,
  maxQueued: 5_000,
  maxItemsPerJob: 64,
  maxHeapMb: 128,
};

/** Too many renders are waiting: try again shortly (503 with Retry-After). */
export class RenderBusy extends DomainError {
  readonly retryAfterSeconds = 1;
  constructor() {
    super('RENDER_BUSY', 'too many templates are being rendered; try again shortly', 503);
    this.name = 'RenderBusy';
  }
}

interface Pending {
  item: RenderItem;
  resolve: (result: RenderResult) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker?: Worker;
  /** The current worker's progress (a fresh buffer per worker: a stopping worker cannot write into its successor's). */
  progress: Int32Array;
  startedAt: BigInt64Array;
  busy?: { job: number; items: Pending[]; timer: NodeJS.Timeout };
}

/**
 * From TypeScript sources (the tests), the worker compiles its modules with
 * swc as the build does; the built service starts the compiled file.
 */
const TYPESCRIPT_BOOT = `
const { workerData } = require('node:worker_threads');
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const { transformSync } = Module.createRequire(workerData.entry)('@swc/core');
Module._extensions['.ts'] = (module, filename) =>
  module._compile(transformSync(readFileSync(filename, 'utf8'), { filename, swcrc: true }).code, filename);
require(workerData.entry);
`;

/**
 * Renders templates in worker threads with a hard deadline: each item has the
 * CPU budget of one render (`limits.budgetMs`, every field together), which
 * the engine checks between steps; a worker still on one item past the budget
 * (plus `graceMs`) is terminated, that item fails with
 * TEMPLATE_BUDGET_EXCEEDED and the job's other items go to a fresh worker.
 * A worker that dies (out of its heap) fails the item it was on. Rendering
 * never blocks the service's event loop.
 */
export class RenderPool {
  private readonly options: RenderPoolOptions;
  private readonly slots: Slot[];
  private readonly queue: Pending[] = [];
  private nextJob = 1;
  private closed = false;

  constructor(options: Partial<RenderPoolOptions> = {}) {
    this.options = { ...DEFAULT_RENDER_POOL, ...options };
    this.slots = Array.from({ length: this.options.workers }, () => ({ progress: new Int32Array(2), startedAt: new BigInt64Array(1) }));
  }

  get budgetMs(): number {
    return this.options.limits.budgetMs;
  }

  /**
   * Renders every item (results in item order). With `refuseWhenBusy` (an API
   * call) it throws RenderBusy instead of queueing past `maxQueued`; the
   * consumer's calls always queue (their number is bounded by its lanes).
   */
  renderMany(items: RenderItem[], refuseWhenBusy = false): Promise<RenderResult[]> {
    if (this.closed) return Promise.reject(new Error('the render pool is closed'));
    if (refuseWhenBusy && this.queue.length + items.length > this.options.maxQueued) return Promise.reject(new RenderBusy());
    const results = items.map((item) => new Promise<RenderResult>((resolve, reject) => this.queue.push({ item, resolve, reject })));
    this.dispatch();
    return Promise.all(results);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new Error('the render pool is closed'));
    await Promise.all(this.slots.map((slot) => this.stop(slot, new Error('the render pool is closed'))));
  }

  /** Nest calls this when the application stops. */
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.busy) continue;
      const items = this.queue.splice(0, this.options.maxItemsPerJob);
      const job = this.nextJob++;
      const worker = (slot.worker ??= this.spawn(slot));
      worker.ref();
      slot.busy = { job, items, timer: setTimeout(() => this.watch(slot, job), this.deadlineMs()) };
      worker.postMessage({ job, items: items.map((p) => p.item) });
    }
  }

  private deadlineMs(): number {
    return this.options.limits.budgetMs + this.options.graceMs;
  }

  private spawn(slot: Slot): Worker {
    const entry = join(__dirname, `render.worker${__filename.endsWith('.ts') ? '.ts' : '.js'}`);
    const buffer = new SharedArrayBuffer(16);
    slot.progress = new Int32Array(buffer, 0, 2);
    slot.startedAt = new BigInt64Array(buffer, 8, 1);
    const workerData: WorkerInput & { entry: string } = { limits: this.options.limits, progress: buffer, entry };
    const worker = entry.endsWith('.ts')
      ? new Worker(TYPESCRIPT_BOOT, { eval: true, workerData, resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb } })
      : new Worker(entry, { workerData, resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb } });
    worker.on('message', (reply: WorkerReply) => this.finished(slot, reply));
    worker.on('error', (error) => this.died(slot, worker, error));
    worker.on('exit', () => this.died(slot, worker, new Error('the render worker stopped')));
    return worker;
  }

  private finished(slot: Slot, reply: WorkerReply): void {
    const busy = slot.busy;
    if (!busy || busy.job !== reply.job) return;
    clearTimeout(busy.timer);
    slot.busy = undefined;
    slot.worker?.unref();
    busy.items.forEach((pending, i) => pending.resolve(reply.results[i]));
    this.dispatch();
  }

  /** The job's deadline for its current item: stop the worker if that item started longer ago than the budget allows. */
  private watch(slot: Slot, job: number): void {
    const busy = slot.busy;
    if (!busy || busy.job !== job) return;
    if (Atomics.load(slot.progress, 0) !== job) {
      busy.timer = setTimeout(() => this.watch(slot, job), this.deadlineMs()); // not started yet (the worker is booting)
      return;
    }
    const index = Atomics.load(slot.progress, 1);
    const elapsed = Date.now() - Number(Atomics.load(slot.startedAt, 0));
    if (elapsed < this.deadlineMs()) {
      busy.timer = setTimeout(() => this.watch(slot, job), this.deadlineMs() - elapsed);
      return;
    }
    const culprit = {
      ok: false as const,
      code: 'TEMPLATE_BUDGET_EXCEEDED' as const,
      path: 'content',
      message: `rendering takes longer than the ${this.budgetMs} ms budget of one message`,
    };
    this.abandon(slot, index, culprit);
  }

  /** A worker died: the item it was on fails; a worker that never started a job fails its items with the error. */
  private died(slot: Slot, worker: Worker, error: Error): void {
    if (slot.worker !== worker) return;
    const busy = slot.busy;
    if (busy && Atomics.load(slot.progress, 0) === busy.job) {
      const index = Atomics.load(slot.progress, 1);
      this.abandon(slot, index, { ok: false, code: 'TEMPLATE_RENDER_FAILED', path: 'content', message: `rendering failed: ${error.message}` });
      return;
    }
    slot.worker = undefined;
    if (busy) {
      clearTimeout(busy.timer);
      slot.busy = undefined;
      busy.items.forEach((pending) => pending.reject(error));
    }
    if (!this.closed) this.dispatch();
  }

  /** Stops the slot's worker: item `index` gets `result`, the job's other items go back to the front of the queue. */
  private abandon(slot: Slot, index: number, result: RenderResult): void {
    const busy = slot.busy!;
    clearTimeout(busy.timer);
    slot.busy = undefined;
    busy.items[index]?.resolve(result);
    this.queue.unshift(...busy.items.filter((_, i) => i !== index));
    void this.stop(slot);
    this.dispatch();
  }

  private async stop(slot: Slot, error?: Error): Promise<void> {
    const worker = slot.worker;
    slot.worker = undefined;
    if (slot.busy) {
      clearTimeout(slot.busy.timer);
      if (error) slot.busy.items.forEach((pending) => pending.reject(error));
      slot.busy = undefined;
    }
    await worker?.terminate();
  }
}
