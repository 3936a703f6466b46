import { TOPICS } from '@cairn/contracts';
import { generateTracks } from '../generators';
import { BenchInfra, offsetWatcher, until, WRITE_HEADERS } from './infra';
import { processCpuUs, runWorkers } from './measure';
import { progress } from './report';

export interface IngestResult {
  acceptedPerSecond: number;
  /** Events accepted over HTTP and present in Kafka, per second, end to end. */
  ackedPerSecond: number;
  cpuUsPerEvent: number;
  rejected: number;
}

/**
 * Metric 1: `count` track events posted to a running events service as
 * `/v1/batch` requests of `batch` events with `concurrency` clients; done when
 * the topic holds all of them (the outbox relay published them, acks=all).
 */
export async function ingest(
  infra: BenchInfra,
  baseUrl: string,
  pid: number,
  prefix: string,
  count: number,
  batch: number,
  concurrency: number,
): Promise<IngestResult> {
  const tracks = generateTracks({ seed: 11, count, users: Math.max(100, count / 20), startMs: Date.now() - 60_000, gapMs: 1 });
  const topic = prefix + TOPICS.events;
  const watcher = await offsetWatcher(infra.brokers, infra.security);
  const before = await watcher.size(topic).catch(() => 0);
  let rejected = 0;
  const cpu0 = processCpuUs(pid);
  const started = performance.now();
  const httpMs = await runWorkers(concurrency, Math.ceil(count / batch), async (i) => {
    const body = JSON.stringify({ batch: tracks.slice(i * batch, (i + 1) * batch) });
    const res = await fetch(`${baseUrl}/v1/batch`, { method: 'POST', headers: WRITE_HEADERS, body });
    await res.arrayBuffer();
    if (res.status !== 200) rejected++;
    if (i % Math.ceil(count / batch / 4) === 0) progress(`  ingest: request ${i + 1}/${Math.ceil(count / batch)}`);
  });
  await until(async () => (await watcher.size(topic)) - before >= count, `${count} ingested events in Kafka`, 300_000, 25);
  const totalMs = performance.now() - started;
  const cpu = processCpuUs(pid) - cpu0;
  await watcher.close();
  if (rejected > 0) progress(`  ingest: ${rejected} requests were not answered 200`);
  return { acceptedPerSecond: (count * 1000) / httpMs, ackedPerSecond: (count * 1000) / totalMs, cpuUsPerEvent: cpu / count, rejected };
}
