import { createLogger } from '@cairn/observability';
import { BatchTransport } from './batch-transport';
import { BusAdapter, ConsumeOptions, ConsumerHandle } from './bus.adapter';

/** A bus whose consumer can be made to die, to check what the transport does then. */
function dyingBus(): { bus: BusAdapter; crash: (e: Error) => void; stopped: () => boolean } {
  let options: ConsumeOptions | undefined;
  let stopped = false;
  const handle: ConsumerHandle = { joined: true, paused: false, pause: () => undefined, resume: () => undefined, stop: async () => void (stopped = true) };
  const bus: BusAdapter = {
    kind: 'in-process',
    connect: async () => undefined,
    ensureTopics: async () => undefined,
    publishBatch: async () => undefined,
    consumeBatch: async (o) => ((options = o), handle),
    disconnect: async () => undefined,
  };
  return { bus, crash: (e) => options!.onCrash(e), stopped: () => stopped };
}

describe('BatchTransport', () => {
  const logger = createLogger({ level: 'silent', service: 'test' });

  it('hands an unrecoverable consumer crash to onFatal (the process exits by default)', async () => {
    const { bus, crash } = dyingBus();
    const fatal: Error[] = [];
    const transport = new BatchTransport({ bus, groupId: 'g', logger, onFatal: (e) => fatal.push(e) });
    transport.addHandler('cairn.events.v1', async () => undefined, true);
    await new Promise<void>((resolve, reject) => transport.listen((e) => (e ? reject(e) : resolve())));
    expect(transport.joined).toBe(true);
    crash(new Error('broker said no'));
    expect(fatal.map((e) => e.message)).toEqual(['broker said no']);
  });

  it('closes once even when asked twice', async () => {
    const { bus, stopped } = dyingBus();
    const transport = new BatchTransport({ bus, groupId: 'g', logger });
    transport.addHandler('cairn.events.v1', async () => undefined, true);
    await new Promise<void>((resolve) => transport.listen(() => resolve()));
    await Promise.all([transport.close(), transport.close()]);
    expect(stopped()).toBe(true);
    expect(transport.joined).toBe(false);
  });
});
