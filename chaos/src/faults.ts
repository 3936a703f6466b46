import { pick } from '@cairn/core';
import { ChaosStack, REPLICAS, SERVICES } from './stack';

/** A fault: what it is, and what doing it (and healing it) takes; answers its effect in words. */
export type Fault = [what: string, run: () => Promise<string>];

export const hold = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** The faults of a run, in their scheduled order; every random choice (which replica, which broker) from `random`. */
export function faultSchedule(stack: ChaosStack, random: () => number): Fault[] {
  const randomSlot = () => stack.slot(pick(random, SERVICES), Math.floor(random() * REPLICAS));
  return [
    [
      'SIGKILL a service replica',
      async () => {
        const s = randomSlot();
        await s.proc!.stop('SIGKILL');
        await hold(3_000);
        await stack.startSlot(s);
        return `${s.service}#${s.replica} killed and started again`;
      },
    ],
    [
      'kill -9 a broker, restart',
      async () => {
        const controller = await stack.kafka.activeController();
        const node = pick(
          random,
          stack.kafka.nodes.filter((n) => n.id !== controller),
        );
        await node.kill('SIGKILL');
        await hold(10_000);
        await node.restart();
        return `broker ${node.id} down 10 s`;
      },
    ],
    [
      'provider 5xx storm',
      async () => {
        const before = stack.sink.refused;
        stack.sink.mode = { kind: 'fail' };
        await hold(15_000);
        stack.sink.mode = { kind: 'ok' };
        return `${stack.sink.refused - before} deliveries answered 503 for 15 s`;
      },
    ],
    [
      'Postgres fast shutdown, restart',
      async () => {
        stack.pg.shutdown('fast');
        await hold(8_000);
        stack.pg.start();
        return 'database away 8 s (clean shutdown)';
      },
    ],
    [
      'kill -9 the controller, restart',
      async () => {
        const node = stack.kafka.node(await stack.kafka.activeController());
        await node.kill('SIGKILL');
        const next = await stack.kafka.activeController();
        await hold(5_000);
        await node.restart();
        return `controller ${node.id} killed, ${next} took over`;
      },
    ],
    [
      'provider 10 s latency',
      async () => {
        stack.sink.mode = { kind: 'slow', delayMs: 10_000 };
        await hold(15_000);
        stack.sink.mode = { kind: 'ok' };
        return 'each delivery answered after 10 s, for 15 s';
      },
    ],
    [
      'Postgres crash (immediate), timers due meanwhile',
      async () => {
        stack.pg.shutdown('immediate');
        await hold(15_000);
        stack.pg.start();
        return 'database crashed, away 15 s (cart timers came due meanwhile), recovered';
      },
    ],
    [
      'rolling SIGTERM restart',
      async () => {
        const service = pick(random, SERVICES);
        for (let r = 0; r < REPLICAS; r++) {
          const s = stack.slot(service, r);
          await s.proc!.stop('SIGTERM');
          await stack.startSlot(s);
        }
        return `${service}: each replica stopped (SIGTERM) and started in turn`;
      },
    ],
    [
      'replica leaves and joins (rebalance)',
      async () => {
        const service = pick(random, ['segments', 'journeys', 'messaging'] as const);
        const s = stack.slot(service, 1);
        for (let i = 0; i < 2; i++) {
          await s.proc!.stop('SIGTERM');
          await stack.startSlot(s);
        }
        return `${service}#1 left and joined twice`;
      },
    ],
  ];
}
