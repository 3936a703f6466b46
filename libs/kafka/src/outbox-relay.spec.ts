import { createLogger } from '@cairn/observability';
import { DataSource } from 'typeorm';
import { BusAdapter } from './bus.adapter';
import { OutboxRelay } from './outbox';

/** The relay's loop: when to run the next pass (the pass itself runs against Postgres and Kafka in libs/testing). */
class ScriptedRelay extends OutboxRelay {
  passes = 0;
  /** `script` answers each pass with the rows it took, or 'contended' when another replica's relay held the lock. */
  constructor(private readonly script: (n: number) => Promise<number | 'contended'>) {
    super({
      dataSource: {} as DataSource,
      schema: 'probe',
      bus: {} as BusAdapter,
      logger: createLogger({ level: 'silent', service: 'test' }),
      idleMs: 600_000,
      batchSize: 10,
    });
  }
  protected override async passOnce(): Promise<{ taken: number; locked: boolean }> {
    const outcome = await this.script(++this.passes);
    return outcome === 'contended' ? { taken: 0, locked: false } : { taken: outcome, locked: true };
  }
}

/** Lets the loop run for a while (no timers: a loop that sleeps its idle delay of 10 minutes stays asleep). */
async function settle(): Promise<void> {
  for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
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

  it('goes again at once after a pass that took a whole batch; after one that took less, or nothing, sleeps until nudged', async () => {
    const relay = new ScriptedRelay(async (n) => [10, 10, 3][n - 1] ?? 0);
    relay.start();
    try {
      await until(() => relay.passes === 3, 'three passes back to back');
      await settle();
      // No empty pass to confirm the outbox is empty: rows committed later nudge the relay.
      expect(relay.passes).toBe(3);
      relay.nudge();
      await until(() => relay.passes === 4, 'the pass the nudge asked for');
      await settle();
      expect(relay.passes).toBe(4);
      relay.nudge();
      await until(() => relay.passes === 5, 'the pass the second nudge asked for');
    } finally {
      await relay.stop();
    }
  });

  it("tries again soon, not after the idle delay, when another replica's relay held the lock", async () => {
    const relay = new ScriptedRelay(async (n) => (n === 1 ? 'contended' : 0));
    relay.start();
    try {
      // The idle delay is 10 minutes: a second pass within the test's deadline is the short retry.
      await until(() => relay.passes === 2, 'a second pass soon after the contended one');
    } finally {
      await relay.stop();
    }
  });
});
