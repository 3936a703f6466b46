// The validators must fail on deliberately broken input, or a green run proves nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { manifestDrift } from './support/drift';
import { readYamlFile } from './support/render';
import { failures, validateCompose, validateK8s } from './support/validators';

const fixture = (name: string) => join(__dirname, 'fixtures', name);

describe('broken fixtures are rejected', () => {
  it('a Deployment with wrong field types fails its schema', () => {
    const problems = failures(validateK8s(readYamlFile(fixture('broken-deployment-wrong-type.yaml'))));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('/spec/replicas');
    expect(problems[0]).toContain('/spec/template/spec/containers/0/ports/0/containerPort');
  });

  it('a Deployment with a misspelt field fails strict validation', () => {
    const problems = failures(validateK8s(readYamlFile(fixture('broken-deployment-unknown-field.yaml'))));
    expect(problems).toEqual([expect.stringContaining('/spec/template/spec/containers/0/readinesProbe: unknown field "readinesProbe"')]);
  });

  it('a schema-valid Deployment probing the wrong path and port fails the drift check', () => {
    const objects = readYamlFile(fixture('broken-probe-path.yaml'));
    expect(failures(validateK8s(objects))).toEqual([]);
    const drift = manifestDrift(objects);
    expect(drift).toEqual(
      expect.arrayContaining([
        'cairn-events: livenessProbe path /healthz, expected /health/live',
        'cairn-events: readinessProbe port 8080 is not 3001',
        expect.stringContaining('cairn-events: env KAFKA_BROKER_LIST is not one of'),
      ]),
    );
    expect(drift.some((d) => d.includes('startupProbe'))).toBe(false);
  });

  it('a KafkaTopic with a wrong type and an unknown field fails its schema', () => {
    const [problem] = failures(validateK8s(readYamlFile(fixture('broken-kafkatopic.yaml'))));
    expect(problem).toContain('/spec/partitions must be integer');
    expect(problem).toContain('"additionalProperty":"retention"');
  });

  it('an object of a kind without a schema is an error, not a pass', () => {
    expect(failures(validateK8s([{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }]))).toEqual([
      'Widget/w: no schema for example.com/v1 Widget',
    ]);
  });

  it('a compose file with invalid keys fails the Compose specification schema', () => {
    const errors = validateCompose(parse(readFileSync(fixture('broken-compose-invalid-key.yml'), 'utf8')));
    expect(errors).toEqual(
      expect.arrayContaining([expect.stringContaining('"additionalProperty":"restart_policy"'), expect.stringContaining('"additionalProperty":"intervall"')]),
    );
  });
});
