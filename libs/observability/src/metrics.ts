import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * One Prometheus registry per process, shared by every module (the all-in-one
 * mode hosts four services in one process and must not register twice).
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'cairn_process_' });

export const busMetrics = {
  consumed: new Counter({
    name: 'cairn_bus_consumed_messages_total',
    help: 'Messages handled and committed, by topic and consumer group.',
    labelNames: ['topic', 'group'],
    registers: [metricsRegistry],
  }),
  produced: new Counter({
    name: 'cairn_bus_produced_messages_total',
    help: 'Messages acknowledged by the bus, by topic.',
    labelNames: ['topic'],
    registers: [metricsRegistry],
  }),
  deadLettered: new Counter({
    name: 'cairn_bus_dead_lettered_messages_total',
    help: 'Messages sent to a dead-letter topic, by source topic and reason code.',
    labelNames: ['topic', 'group', 'code'],
    registers: [metricsRegistry],
  }),
  retries: new Counter({
    name: 'cairn_bus_handler_retries_total',
    help: 'Handler retries, by topic and consumer group.',
    labelNames: ['topic', 'group'],
    registers: [metricsRegistry],
  }),
  batchSize: new Histogram({
    name: 'cairn_bus_batch_size',
    help: 'Messages per consumed batch.',
    labelNames: ['topic', 'group'],
    buckets: [1, 5, 10, 50, 100, 250, 500, 1000, 5000],
    registers: [metricsRegistry],
  }),
  batchSeconds: new Histogram({
    name: 'cairn_bus_batch_duration_seconds',
    help: 'Time to handle and commit one batch.',
    labelNames: ['topic', 'group'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [metricsRegistry],
  }),
  lag: new Gauge({
    name: 'cairn_bus_consumer_lag_messages',
    help: 'Messages behind the high watermark after the last batch, by topic and partition.',
    labelNames: ['topic', 'group', 'partition'],
    registers: [metricsRegistry],
  }),
  stalled: new Gauge({
    name: 'cairn_bus_stalled_partition',
    help: '1 while a partition has been held longer than the stall bound by a failure outside its messages (the database away, say), by topic and partition.',
    labelNames: ['topic', 'group', 'partition'],
    registers: [metricsRegistry],
  }),
  outboxPending: new Gauge({
    name: 'cairn_outbox_pending_messages',
    help: 'Rows waiting in the transactional outbox after the last relay pass (under a backlog, from the ids: an upper bound).',
    labelNames: ['schema'],
    registers: [metricsRegistry],
  }),
};

export const httpMetrics = {
  requests: new Histogram({
    name: 'cairn_http_request_duration_seconds',
    help: 'HTTP requests by method, route and status.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [metricsRegistry],
  }),
};

export const workMetrics = {
  failures: new Counter({
    name: 'cairn_work_failures_total',
    help: 'Items of shared background work (timers, schedules, backfills, deferred sends, outbox messages) whose handling failed on its own, by schema, kind and what became of them (retrying or parked).',
    labelNames: ['schema', 'kind', 'outcome'],
    registers: [metricsRegistry],
  }),
};
