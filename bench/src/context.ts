import { ServiceProcess } from '@cairn/testing';
import { E2E_SIZES, E2eSizes } from './e2e/sizes';
import { E2eStack, e2eWorkspace } from './e2e/stack';
import { setUpMessaging } from './frequency-cap';
import { BenchInfra, ServiceName } from './infra';
import { peakRssMiB, processCpuUs, round } from './measure';
import { Figure, progress } from './report';
import { Sizes } from './sizes';
import { WebhookSink } from './sink';

/** Baseline figures the system figures are compared with (null when not measured in this run). */
export interface Baselines {
  /** B1: kafkajs pass-through msgs/s, its CPU per message and its latency p99. */
  b1: number | null;
  b1CpuUs: number | null;
  b1P99: number | null;
  /** P0: raw producer events/s. */
  p0: number | null;
  /** B2: COPY rows/s. */
  b2: number | null;
  /** B3: SELECT 1 queries/s. */
  b3: number | null;
}

export const ratio = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : round(a / b, 5));

/** What every phase shares: the infrastructure, the running services, the sink, the sizes and the figures. */
export class BenchContext {
  readonly figures: Figure[] = [];
  readonly services = new Map<ServiceName, ServiceProcess>();
  readonly sink = new WebhookSink();
  readonly baselines: Baselines = { b1: null, b1CpuUs: null, b1P99: null, p0: null, b2: null, b3: null };
  private sinkStarted = false;
  private messagingReady = false;
  private e2eStack?: E2eStack;

  constructor(
    readonly infra: BenchInfra,
    readonly size: Sizes,
    readonly quick: boolean,
    /** Topic prefix of the system services. */
    readonly prefix: string,
  ) {}

  add(f: Figure): void {
    this.figures.push(f);
    progress(
      `${f.id} ${f.name}: ${f.value === null ? `not measured (${f.note})` : `${round(f.value)} ${f.unit}`}${f.ratio !== undefined ? ` (ratio ${f.ratio})` : ''}`,
    );
  }

  /** A system service, spawned on first use. */
  async service(name: ServiceName): Promise<ServiceProcess> {
    let proc = this.services.get(name);
    if (!proc) {
      proc = await this.infra.spawn(name, this.prefix);
      this.services.set(name, proc);
      progress(`${name} service up (pid ${proc.child.pid})`);
    }
    return proc;
  }

  async startSink(): Promise<WebhookSink> {
    if (!this.sinkStarted) {
      await this.sink.start();
      this.sinkStarted = true;
    }
    return this.sink;
  }

  /** The messaging service with the webhook channel to the sink, the template and the cap of 3/24 h set up. */
  async messaging(): Promise<ServiceProcess> {
    const proc = await this.service('messaging');
    await this.startSink();
    if (!this.messagingReady) {
      await setUpMessaging(proc.url, this.sink);
      this.messagingReady = true;
    }
    return proc;
  }

  /** M7 for one service: peak RSS over the run and CPU in total, from /proc. */
  recordResources(name: ServiceName): void {
    const pid = this.services.get(name)?.child.pid;
    if (pid === undefined) return;
    const rss = peakRssMiB(pid);
    this.add({
      id: `M7.${name}`,
      name: `${name}: peak RSS (VmHWM) over the run; CPU ${round(processCpuUs(pid) / 1e6, 1)} s in total`,
      value: rss,
      unit: 'MiB',
      target: '≤ 256',
      met: rss <= 256,
    });
  }

  /** Records a service's resources and stops it. */
  async retire(name: ServiceName): Promise<void> {
    const proc = this.services.get(name);
    if (!proc) return;
    this.recordResources(name);
    await proc.stop();
    this.services.delete(name);
  }

  get e2eSize(): E2eSizes {
    return E2E_SIZES[this.quick ? 'quick' : 'full'];
  }

  /** The end-to-end stack (four services on a database and prefix of their own), started on first use. */
  async e2e(): Promise<E2eStack> {
    if (!this.e2eStack) {
      const workspaces = [e2eWorkspace('bench-e2e'), ...this.e2eSize.sweep.map((_, i) => e2eWorkspace(`bench-sweep-${i}`))];
      this.e2eStack = await E2eStack.start(this.infra, workspaces);
    }
    return this.e2eStack;
  }

  /** Records the end-to-end services' resources (M7.e2e.*) and stops the stack. */
  async stopE2e(): Promise<void> {
    const stack = this.e2eStack;
    if (!stack) return;
    for (const [name, proc] of stack.services) {
      const rss = peakRssMiB(proc.child.pid!);
      this.add({
        id: `M7.e2e.${name}`,
        name: `${name} of the end-to-end stack: peak RSS (VmHWM); CPU ${round(processCpuUs(proc.child.pid!) / 1e6, 1)} s in total`,
        value: rss,
        unit: 'MiB',
        target: '≤ 256',
        met: rss <= 256,
      });
    }
    this.e2eStack = undefined;
    await stack.stop();
  }

  async stopAll(): Promise<void> {
    if (this.e2eStack) await this.e2eStack.stop();
    for (const proc of this.services.values()) await proc.stop();
    this.services.clear();
    if (this.sinkStarted) await this.sink.stop();
  }
}

/** One phase of the run; `run` adds its figures to the context. */
export interface Phase {
  name: string;
  /** Uses the end-to-end stack; the stack stops after the last such phase. */
  usesE2e?: boolean;
  run(ctx: BenchContext): Promise<void>;
}
