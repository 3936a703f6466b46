import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
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
});
