import { MessageOutcome, MessageRequest, messageRequestKey, TOPICS } from '@cairn/contracts';
import { api, BenchInfra, BENCH_WORKSPACE, until } from './infra';
import { processCpuUs } from './measure';
import { progress } from './report';
import { SINK_SECRET, WebhookSink } from './sink';

export interface CapResult {
  decisionsPerSecond: number;
  overCapSends: number;
  sent: number;
  suppressed: number;
  cpuUsPerDecision: number;
}

export const CAP_LIMIT = 3;

/** Sets up a webhook channel to the sink, a template and a cap of `CAP_LIMIT` per user per day (transactional, so consent does not interfere). */
export async function setUpMessaging(baseUrl: string, sink: WebhookSink): Promise<void> {
  await api(baseUrl, 'POST', '/v1/channels', { key: 'hook', type: 'webhook', config: { url: sink.url, secret: SINK_SECRET, allowedAddresses: ['127.0.0.1'] } });
  await api(baseUrl, 'POST', '/v1/templates', {
    key: 'bench',
    channel: 'webhook',
    category: 'transactional',
    content: { json: { text: 'Hello from the benchmark' } },
  });
  await api(baseUrl, 'PUT', '/v1/frequency-policy', { rules: [{ scope: 'all', limit: CAP_LIMIT, window: '24h', categories: ['transactional'] }] });
}

export function messageRequest(userId: string, key: string): MessageRequest {
  return {
    v: 1,
    workspaceId: BENCH_WORKSPACE.id,
    userId,
    idempotencyKey: key,
    journey: { key: 'bench', version: 1, runId: `run-${key}`, step: 'send' },
    channel: 'hook',
    template: 'bench',
    category: 'transactional',
    context: { user: { name: userId } },
    requestedAt: new Date().toISOString(),
  };
}

/**
 * Metric 6: `users` × `perUser` message requests published at once (all of a
 * user's requests together, so they compete for the same cap), decided by the
 * messaging service; done when every request has an outcome.
 */
export async function frequencyCap(infra: BenchInfra, pid: number, prefix: string, users: number, perUser: number): Promise<CapResult> {
  const bus = infra.adapter('bench-cap');
  await bus.connect();
  const outcomes: MessageOutcome[] = [];
  const reader = await bus.consumeBatch({
    groupId: `${prefix}cap-reader`,
    topics: [prefix + TOPICS.messageOutcomes],
    onCrash: () => undefined,
    handler: async (batch) => void outcomes.push(...batch.messages.map((m) => JSON.parse(m.value.toString()) as MessageOutcome)),
  });
  const total = users * perUser;
  const requests = Array.from({ length: users }, (_, u) => Array.from({ length: perUser }, (_, k) => messageRequest(`cap-${u}`, `cap-${u}-${k}`))).flat();
  const cpu0 = processCpuUs(pid);
  const started = performance.now();
  for (let i = 0; i < requests.length; i += 1000) {
    await bus.publishBatch(
      requests.slice(i, i + 1000).map((r) => ({ topic: prefix + TOPICS.messageRequests, key: messageRequestKey(r), value: JSON.stringify(r) })),
    );
  }
  let reported = 0;
  await until(
    () => {
      if (outcomes.length - reported >= total / 4) progress(`  frequency cap: ${(reported = outcomes.length)}/${total} outcomes`);
      return new Set(outcomes.map((o) => o.idempotencyKey)).size >= total;
    },
    `${total} message outcomes`,
    600_000,
    100,
  );
  const ms = performance.now() - started;
  const cpu = processCpuUs(pid) - cpu0;
  await reader.stop();
  await bus.disconnect();
  const sentByUser = new Map<string, Set<string>>();
  for (const o of outcomes.filter((x) => x.status === 'SENT')) sentByUser.set(o.userId, (sentByUser.get(o.userId) ?? new Set()).add(o.idempotencyKey));
  const overCapSends = [...sentByUser.values()].reduce((sum, s) => sum + Math.max(0, s.size - CAP_LIMIT), 0);
  const final = new Map(outcomes.map((o) => [o.idempotencyKey, o.status]));
  const count = (s: string) => [...final.values()].filter((x) => x === s).length;
  return { decisionsPerSecond: (total * 1000) / ms, overCapSends, sent: count('SENT'), suppressed: count('SUPPRESSED'), cpuUsPerDecision: cpu / total };
}
