import { createConnection, createServer, Server, Socket } from 'node:net';

/** The Kafka protocol's api key of a Produce request. */
const PRODUCE = 0;

/**
 * A TCP proxy in front of one Kafka listener that can lose a produce request's answer on purpose: with
 * `cutProduceResponses` on, it forwards every request, and when the broker answers a Produce request it closes the
 * client's connection instead of passing the answer on. The broker has then written the batch; the client only
 * sees its connection drop. That is the fault a broker killed or a network cut right after a write leaves behind.
 */
export interface KafkaProxy {
  /** host:port clients connect to. */
  readonly address: string;
  readonly port: number;
  /** While true, every produce answer is lost and its connection closed. */
  cutProduceResponses: boolean;
  /** How many produce answers were lost so far. */
  readonly producesCut: number;
  close(): Promise<void>;
}

/**
 * Splits a byte stream into Kafka frames (a 4-byte size, then that many bytes) and calls `onFrame` with each
 * whole frame, size included.
 */
function framer(onFrame: (frame: Buffer) => void): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    while (pending.length >= 4) {
      const size = pending.readInt32BE(0);
      if (pending.length < 4 + size) return;
      onFrame(pending.subarray(0, 4 + size));
      pending = pending.subarray(4 + size);
    }
  };
}

/** Starts a proxy on `listenPort` (0: any free port) to the listener at `target` (host:port). */
export async function startKafkaProxy(target: string, listenPort = 0): Promise<KafkaProxy> {
  const [host, port] = target.split(':');
  const sockets = new Set<Socket>();
  let producesCut = 0;

  const server: Server = createServer((client) => {
    const upstream = createConnection({ host, port: Number(port) });
    const produces = new Set<number>();
    const closeBoth = (): void => {
      client.destroy();
      upstream.destroy();
    };
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => {
        sockets.delete(s);
        closeBoth();
      });
      s.on('error', closeBoth);
    }
    // A request's header: api key (int16), api version (int16), correlation id (int32).
    client.on(
      'data',
      framer((frame) => {
        if (frame.readInt16BE(4) === PRODUCE) produces.add(frame.readInt32BE(8));
        upstream.write(frame);
      }),
    );
    // A response's header starts with the request's correlation id.
    upstream.on(
      'data',
      framer((frame) => {
        const correlationId = frame.readInt32BE(4);
        const produce = produces.delete(correlationId);
        if (produce && proxy.cutProduceResponses) {
          producesCut += 1;
          closeBoth();
          return;
        }
        client.write(frame);
      }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPort, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : listenPort;

  const proxy: KafkaProxy = {
    address: `127.0.0.1:${bound}`,
    port: bound,
    cutProduceResponses: false,
    get producesCut() {
      return producesCut;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  return proxy;
}
