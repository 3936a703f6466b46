import { DomainError } from '@cairn/core';
import { parentPort, workerData } from 'node:worker_threads';
import { TemplateRenderer } from '@cairn/messaging-domain';
import { RenderItem, RenderJob, RenderResult, WorkerInput, WorkerReply } from './render-protocol';

/**
 * A render worker: renders the items of each job in order, one TemplateRenderer
 * budget per item, and says in shared memory which item it is on since when,
 * so the pool can stop it when one item overruns the budget inside one step.
 */
const input = workerData as WorkerInput;
const progress = new Int32Array(input.progress, 0, 2);
const startedAt = new BigInt64Array(input.progress, 8, 1);
const strict = new TemplateRenderer(input.limits);
const lenient = new TemplateRenderer(input.limits, true);

function renderOne(item: RenderItem): RenderResult {
  try {
    return { ok: true, content: (item.lenient ? lenient : strict).renderSync(item.content, item.context) };
  } catch (error) {
    if (error instanceof DomainError && (error.code === 'TEMPLATE_BUDGET_EXCEEDED' || error.code === 'TEMPLATE_RENDER_FAILED')) {
      const field = error.fields[0] ?? { path: 'content', message: error.message };
      return { ok: false, code: error.code, path: field.path, message: field.message };
    }
    return { ok: false, code: 'TEMPLATE_RENDER_FAILED', path: 'content', message: (error as Error).message ?? String(error) };
  }
}

parentPort!.on('message', ({ job, items }: RenderJob) => {
  const results = items.map((item, index) => {
    // The start time first, then which item: a reader that sees the item also sees its start.
    Atomics.store(startedAt, 0, BigInt(Date.now()));
    Atomics.store(progress, 1, index);
    Atomics.store(progress, 0, job);
    return renderOne(item);
  });
  Atomics.store(progress, 0, 0);
  parentPort!.postMessage({ job, results } satisfies WorkerReply);
});
