import { createLogger } from '@cairn/observability';
import { DataSource } from 'typeorm';
import { BusAdapter } from './bus.adapter';
import { OutboxRelay } from './outbox';

/** The relay's loop: when to run the next pass (the pass itself runs against Postgres and Kafka in libs/testing). */
class ScriptedRelay extends OutboxRelay {
  passes = 0;
  constructor(private readonly script: (n: number) => Promise<number>) {
    super({
      dataSource: {} as DataSource,
      schema: 'probe',
      bus: {} as BusAdapter,
      logger: createLogger({ level: 'silent', service: 'test' }),
      idleMs: 600_000,
    });
  }
  override async pass(): Promise<number> {
    return this.script(++this.passes);
  }
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

describe('outbox relay loop', () => {
  it('runs another pass at once when a commit nudged it during a pass that found nothing', async () => {
    let release!: () => void;
    const relay: ScriptedRelay = new ScriptedRelay(async (n) => {
      if (n === 1) await new Promise<void>((r) => (release = r));
      return 0;
    });
    relay.start();
    try {
      await until(() => release !== undefined, 'the first pass');
      relay.nudge(); // a transaction committed after the pass read the outbox
      release();
      await until(() => relay.passes >= 2, 'a second pass without waiting the idle interval');
    } finally {
      await relay.stop();
    }
  });

  it('sleeps after an empty pass until nudged', async () => {
    const relay = new ScriptedRelay(async () => 0);
    relay.start();
    try {
      await until(() => relay.passes === 1, 'the first pass');
      for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
      expect(relay.passes).toBe(1);
      relay.nudge();
      await until(() => relay.passes === 2, 'the pass the nudge asked for');
    } finally {
      await relay.stop();
    }
  });
});
