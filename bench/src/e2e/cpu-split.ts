import { ServiceProcess } from '@cairn/testing';
import { BenchInfra } from '../infra';
import { processCpuUs, processesCpuUs, round, selfCpuUs } from '../measure';
import { Figure } from '../report';

/** CPU-µs per event of one process (or group of processes) of the end-to-end stack. */
export interface CpuShare {
  process: string;
  usPerEvent: number;
}

type Reading = Map<string, number>;

/** The running services of a stretch and the infrastructure under them (the end-to-end stack, or the phases' own). */
export interface CpuSplitSubject {
  services: ReadonlyMap<string, ServiceProcess>;
  infra: BenchInfra;
}

/**
 * Where the CPU of a stretch of end-to-end load goes: the four services, the
 * broker (when the harness runs it from the jars), every Postgres process of
 * the machine, and the bench itself (load generator and sink). A Postgres
 * backend that ends during the stretch takes its CPU with it; one that starts
 * counts whole.
 */
export class CpuSplit {
  constructor(private readonly stack: CpuSplitSubject) {}

  private read(): { totals: Reading; postgres: Map<number, number> } {
    const totals: Reading = new Map();
    for (const [name, proc] of this.stack.services) if (proc.child.pid) totals.set(name, processCpuUs(proc.child.pid));
    const broker = this.stack.infra.infra.kafkaPid?.();
    if (broker) totals.set('Kafka broker', processCpuUs(broker));
    totals.set('bench (load and sink)', selfCpuUs());
    return { totals, postgres: processesCpuUs('postgres') };
  }

  /** Starts a stretch; `per(events)` ends it and divides each process's CPU by the events of the stretch. */
  start(): { per(events: number): CpuShare[] } {
    const before = this.read();
    return {
      per: (events) => {
        const after = this.read();
        const shares: CpuShare[] = [...after.totals].map(([process, us]) => ({ process, usPerEvent: (us - (before.totals.get(process) ?? us)) / events }));
        let postgres = 0;
        for (const [pid, us] of after.postgres) postgres += us - (before.postgres.get(pid) ?? 0);
        shares.push({ process: 'Postgres (every postgres process)', usPerEvent: postgres / events });
        return shares;
      },
    };
  }
}

/** One figure per process (`<id>.cpu.<process>`): its CPU per event of the stretch and its share of all. */
export function cpuFigures(id: string, at: string, shares: CpuShare[]): Figure[] {
  const total = shares.reduce((sum, c) => sum + c.usPerEvent, 0);
  return shares.map((c) => ({
    id: `${id}.cpu.${c.process.split(' ')[0].toLowerCase()}`,
    name: `CPU per event ${at}: ${c.process}`,
    value: round(c.usPerEvent, 1),
    unit: 'CPU-µs/event',
    note: `${round((100 * c.usPerEvent) / total, 0)} % of ${round(total, 0)} CPU-µs/event in all`,
  }));
}
