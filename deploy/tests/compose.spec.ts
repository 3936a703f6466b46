import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../libs/config/src/load-config';
import { SERVICE_PORTS } from '../../libs/config/src/surface';
import { REPO_DIR } from './support/render';
import { validateCompose } from './support/validators';

const compose = () => parse(readFileSync(join(REPO_DIR, 'docker-compose.yml'), 'utf8'));

describe('docker-compose.yml', () => {
  it('validates against the Compose specification schema', () => {
    expect(validateCompose(compose())).toEqual([]);
  });

  it('starts services only after healthy infrastructure and finished one-shots', () => {
    const { services } = compose();
    const conditions = new Set(['service_healthy', 'service_completed_successfully', 'service_started']);
    for (const [name, service] of Object.entries<any>(services)) {
      for (const [dep, cond] of Object.entries<any>(service.depends_on ?? {})) {
        expect({ name, dep, known: dep in services, ok: conditions.has(cond.condition) }).toEqual({ name, dep, known: true, ok: true });
        // A dependency waited on for health must define a health check.
        if (cond.condition === 'service_healthy') expect({ dep, healthcheck: Boolean(services[dep].healthcheck) }).toEqual({ dep, healthcheck: true });
      }
    }
    expect(services['kafka-topics'].depends_on.kafka.condition).toBe('service_healthy');
    for (const svc of ['events', 'segments', 'journeys', 'messaging']) {
      expect(services[`migrate-${svc}`].depends_on.postgres.condition).toBe('service_healthy');
      expect(services[svc].stop_grace_period).toBe('45s');
    }
  });

  it('runs Kafka in KRaft mode as a single combined node with Postgres 17 and a mail catcher', () => {
    const { services } = compose();
    expect(services.kafka.environment).toMatchObject({ KAFKA_PROCESS_ROLES: 'broker,controller', KAFKA_CONTROLLER_QUORUM_VOTERS: '1@kafka:9093' });
    expect(services.postgres.image).toMatch(/^postgres:17/);
    expect(services.mailpit.image).toMatch(/^axllent\/mailpit:/);
  });

  it("mounts one CAIRN_CONFIG file in every Cairn container that gives journeys segments' and messaging's addresses", () => {
    const { services } = compose();
    const cairn = Object.entries<any>(services).filter(([, s]) => String(s.image).startsWith('cairn/'));
    expect(cairn).toHaveLength(8);
    const [host, container] = (services.journeys.volumes[0] as string).split(':');
    for (const [, service] of cairn) {
      expect(service.environment.CAIRN_CONFIG).toBe(container);
      expect(service.volumes).toEqual([`${host}:${container}:ro`]);
    }
    const loaded = loadConfig({ service: 'journeys', env: { ...services.journeys.environment, CAIRN_CONFIG: join(REPO_DIR, host) } });
    expect(loaded.services).toEqual({ segments: `http://segments:${SERVICE_PORTS.segments}`, messaging: `http://messaging:${SERVICE_PORTS.messaging}` });
    expect(loaded.workspaces.map((w) => w.id)).toEqual(['dev']);
    expect(services.journeys.depends_on).toMatchObject({ segments: { condition: 'service_healthy' }, messaging: { condition: 'service_healthy' } });
  });
});
