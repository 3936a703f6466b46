import { ConfigError, loadConfig, ServiceName } from '@cairn/config';
import { InProcessBus } from '@cairn/kafka';
import { startTracing } from '@cairn/observability';
import { RunningService, ServiceDefinition, startService } from '@cairn/runtime';
import { eventsService } from '@cairn/events-service';
import { journeysService } from '@cairn/journeys-service';
import { messagingService } from '@cairn/messaging-service';
import { segmentsService } from '@cairn/segments-service';
import { frontDoor } from './front-door';
import { seedDevWorkspace } from './demo';
import { quiesce } from './shutdown';

const START_ORDER: ServiceName[] = ['events', 'segments', 'messaging', 'journeys'];

const DEFINITIONS: Record<ServiceName, ServiceDefinition> = {
  events: eventsService,
  segments: segmentsService,
  journeys: journeysService,
  messaging: messagingService,
};

/**
 * The all-in-one mode: the four services in one process behind port 3000,
 * talking through the in-process bus unless KAFKA_BROKERS is set. Same
 * modules, migrations and HTTP API as the distributed mode.
 */
async function main(): Promise<void> {
  const config = loadConfig({ service: 'all-in-one' });
  const tracing = await startTracing(config.tracing);
  // Without DATABASE_URL the four schemas live in one embedded Postgres (PGlite) in config.dataDir.
  const databaseUrl = config.databaseUrl;
  const bus = config.kafka ? undefined : new InProcessBus();
  await bus?.connect();
  const running: RunningService[] = [];
  const upstreams = {} as Record<ServiceName, string>;
  // Journeys starts last: it checks the segments, templates and channels a journey names with the other two over HTTP.
  // Messaging asks segments for a user's traits (API sends) and a segment's members (broadcasts).
  // Links in messages (unsubscribe) point at this front door: config.publicUrl, unless a workspace names its own.
  for (const name of START_ORDER) {
    const services =
      name === 'journeys'
        ? { segments: upstreams.segments, messaging: upstreams.messaging }
        : name === 'messaging'
          ? { ...config.services, segments: upstreams.segments }
          : config.services;
    const service = await startService(
      DEFINITIONS[name],
      { ...config, service: name, mode: 'distributed', databaseUrl, port: 0, services },
      { bus, host: '127.0.0.1' },
    );
    running.push(service);
    upstreams[name] = service.url;
  }
  const server = frontDoor(upstreams).listen(config.port, '0.0.0.0');
  process.stdout.write(
    [
      '',
      `Cairn all-in-one is up on http://localhost:${config.port} (bus: ${bus ? 'in-process' : 'Kafka'}, database: ${databaseUrl ? databaseUrl.replace(/:[^:@/]*@/, ':***@') : `embedded in ${config.dataDir}`})`,
      `  dev workspace: write key dev-write-key, admin key dev-admin-key`,
      `  operator console: http://localhost:${config.port}/ (sign in with the admin key)`,
      `  try: curl -s localhost:${config.port}/health/ready`,
      `  the README walks through the rest`,
      '',
    ].join('\n'),
  );
  const stop = async () => {
    server.close();
    // On the in-process bus, let what is in flight reach its consumers before any of them stops.
    if (bus && !(await quiesce(running, bus)))
      process.stdout.write('shutdown: some messages are still queued; they stay in the outbox and go out after the next start\n');
    for (const r of running.reverse()) await r.stop();
    await bus?.disconnect();
    await tracing?.shutdown();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
  await seedDevWorkspace(config, upstreams, (text) => process.stdout.write(text));
}

main().catch((error) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : `all-in-one failed to start: ${(error as Error).stack}`}\n`);
  process.exit(1);
});
