import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../libs/config/src/load-config';
import { byKind, KUSTOMIZATIONS, render } from './support/render';
import { failures, validateK8s } from './support/validators';

const SERVICES = ['events', 'segments', 'journeys', 'messaging'];

describe.each(KUSTOMIZATIONS)('kustomization %s', (dir) => {
  const objects = () => render(dir);

  it('renders with kubectl kustomize into Cairn objects', () => {
    const deployments = byKind(objects(), 'Deployment').map((d) => d.metadata.name);
    expect(deployments.sort()).toEqual([...SERVICES.map((s) => `cairn-${s}`), 'cairn-console'].sort());
  });

  it('runs the operator console on port 3000: probed, locked down, reaching only the four services', () => {
    const dep = byKind(objects(), 'Deployment').find((d) => d.metadata.name === 'cairn-console');
    const pod = dep.spec.template.spec;
    const [container] = pod.containers;
    expect(container.image).toMatch(/^cairn\/console(:|$)/);
    expect(container.ports).toEqual([{ name: 'http', containerPort: 3000, protocol: 'TCP' }]);
    expect(container.env).toContainEqual({ name: 'PORT', value: '3000' });
    expect(container.startupProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(container.resources.limits.memory).toBe('128Mi');
    const service = byKind(objects(), 'Service').find((s) => s.metadata.name === 'cairn-console');
    expect(service.spec.ports).toEqual([{ name: 'http', port: 3000, targetPort: 'http', protocol: 'TCP' }]);
    const policy = byKind(objects(), 'NetworkPolicy').find((p) => p.metadata.name === 'cairn-console');
    expect(policy.spec.ingress.flatMap((r: any) => r.ports.map((p: any) => p.port))).toEqual([3000]);
    expect(policy.spec.egress.map((r: any) => [r.to[0].podSelector.matchLabels['app.kubernetes.io/name'], r.ports[0].port])).toEqual([
      ['cairn-events', 3001],
      ['cairn-segments', 3002],
      ['cairn-journeys', 3003],
      ['cairn-messaging', 3004],
    ]);
  });

  it('validates every object against the schema of its kind, unknown fields included', () => {
    const findings = validateK8s(objects());
    expect(findings).toHaveLength(objects().length);
    expect(failures(findings)).toEqual([]);
  });

  it('commits no Secret: the operator creates cairn-secrets (and cairn-kafka for a secured Kafka)', () => {
    expect(byKind(objects(), 'Secret')).toEqual([]);
    const refs = JSON.stringify(objects()).match(/"secretKeyRef":\{[^}]*\}|"secretName":"[^"]*"/g) ?? [];
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(ref).toMatch(/"(cairn-secrets|cairn-kafka)"/);
  });

  it.each(SERVICES)('gives %s a graceful, locked-down, probed pod', (service) => {
    const dep = byKind(objects(), 'Deployment').find((d) => d.metadata.name === `cairn-${service}`);
    const pod = dep.spec.template.spec;
    const [container] = pod.containers;
    // preStop sleep + a consumer drain of up to 30s must fit in the grace period.
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(45);
    expect(container.lifecycle.preStop.sleep.seconds).toBeGreaterThan(0);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(container.lifecycle.preStop.sleep.seconds + 30 + 10);
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(container.resources.requests).toEqual(expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }));
    expect(container.resources.limits.memory).toEqual(expect.any(String));
    for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) expect(container[probe].httpGet).toBeDefined();
  });

  it.each(SERVICES)('protects %s with a PodDisruptionBudget, a Service and exactly one autoscaler', (service) => {
    const name = `cairn-${service}`;
    const pdb = byKind(objects(), 'PodDisruptionBudget').find((p) => p.metadata.name === name);
    expect(pdb.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': name });
    expect(byKind(objects(), 'Service').some((s) => s.metadata.name === name)).toBe(true);
    const hpas = byKind(objects(), 'HorizontalPodAutoscaler').filter((h) => h.spec.scaleTargetRef.name === name);
    const scaled = byKind(objects(), 'ScaledObject').filter((s) => s.spec.scaleTargetRef.name === name);
    expect(hpas.length + scaled.length).toBe(1);
  });

  it('denies all traffic by default and opens provider egress for messaging only', () => {
    const policies = byKind(objects(), 'NetworkPolicy');
    const deny = policies.find((p) => p.metadata.name === 'cairn-default-deny');
    expect(deny.spec).toEqual({ podSelector: { matchLabels: { 'app.kubernetes.io/part-of': 'cairn' } }, policyTypes: ['Ingress', 'Egress'] });
    const egressPorts = (name: string) =>
      policies
        .find((p) => p.metadata.name === name)
        .spec.egress.flatMap((rule: any) => rule.ports.map((p: any) => p.port))
        .sort();
    expect(egressPorts('cairn-allow-dns')).toEqual([53, 53]);
    // messaging also reaches segments (traits and members for API sends and broadcasts), those pods only
    expect(egressPorts('cairn-messaging')).toEqual([3002, 443, 5432, 587, 9092]);
    const messagingTo = policies.find((p) => p.metadata.name === 'cairn-messaging').spec.egress.filter((rule: any) => rule.to);
    expect(messagingTo.map((rule: any) => rule.to[0].podSelector.matchLabels['app.kubernetes.io/name'])).toEqual(['cairn-segments']);
    for (const service of ['events', 'segments']) expect(egressPorts(`cairn-${service}`)).toEqual([5432, 9092]);
    // journeys also reaches segments and messaging (reference checks), those pods only
    expect(egressPorts('cairn-journeys')).toEqual([3002, 3004, 5432, 9092]);
    const journeysTo = policies.find((p) => p.metadata.name === 'cairn-journeys').spec.egress.filter((rule: any) => rule.to);
    expect(journeysTo.map((rule: any) => rule.to[0].podSelector.matchLabels['app.kubernetes.io/name'])).toEqual(['cairn-segments', 'cairn-messaging']);
    expect(egressPorts('cairn-migrations')).toEqual([5432]);
    expect(egressPorts('cairn-kafka-topics')).toEqual([9092]);
    // Every Cairn pod is selected by the default deny.
    for (const workload of [...byKind(objects(), 'Deployment'), ...byKind(objects(), 'Job')]) {
      expect(workload.spec.template.metadata.labels['app.kubernetes.io/part-of']).toBe('cairn');
    }
  });

  it('runs migrations as a Job per service with the service image and `migrate`', () => {
    const jobs = byKind(objects(), 'Job').filter((j) => j.metadata.labels['app.kubernetes.io/component'] === 'migrations');
    expect(jobs.map((j) => j.metadata.name).sort()).toEqual(SERVICES.map((s) => `cairn-migrate-${s}`).sort());
    for (const job of jobs) {
      const service = job.metadata.name.replace('cairn-migrate-', '');
      const [container] = job.spec.template.spec.containers;
      const image = byKind(objects(), 'Deployment').find((d) => d.metadata.name === `cairn-${service}`).spec.template.spec.containers[0].image;
      expect(container.image).toBe(image);
      expect(container.args).toEqual(['node', 'main.js', 'migrate']);
    }
  });
});

describe('overlay differences', () => {
  const configMap = (dir: string, name: string) => byKind(render(dir), 'ConfigMap').find((c) => new RegExp(`^${name}-[a-z0-9]+$`).test(c.metadata.name));
  const config = (dir: string) => configMap(dir, 'cairn-config').data;
  /** Where every Cairn workload (not the topic Job) mounts the CAIRN_CONFIG file from. */
  const configFileSources = (dir: string) =>
    [...byKind(render(dir), 'Deployment'), ...byKind(render(dir), 'Job')]
      .filter((workload) => workload.metadata.name !== 'cairn-kafka-topics')
      .map((workload) => {
        const spec = workload.spec.template.spec;
        const mount = spec.containers[0].volumeMounts.find((m: any) => m.name === 'cairn-config-file');
        return { file: `${mount.mountPath}/config.json`, volume: spec.volumes.find((v: any) => v.name === 'cairn-config-file') };
      });

  it('dev runs in development (dev keys allowed), prod in production with a CAIRN_CONFIG file from the Secret', () => {
    expect(config('overlays/dev').NODE_ENV).toBe('development');
    expect(config('overlays/prod').NODE_ENV).toBe('production');
    for (const { file, volume } of configFileSources('overlays/prod')) {
      expect(file).toBe(config('overlays/prod').CAIRN_CONFIG);
      expect(volume.secret.secretName).toBe('cairn-secrets');
    }
  });

  it("dev's CAIRN_CONFIG file (a ConfigMap) gives journeys the segments and messaging Services, so reference checks are on", () => {
    const data = configMap('overlays/dev', 'cairn-config-file');
    for (const { file, volume } of configFileSources('overlays/dev')) {
      expect(file).toBe(config('overlays/dev').CAIRN_CONFIG);
      expect(volume.configMap.name).toBe(data.metadata.name);
    }
    const path = join(mkdtempSync(join(tmpdir(), 'cairn-dev-config-')), 'config.json');
    writeFileSync(path, data.data['config.json']);
    const loaded = loadConfig({ service: 'journeys', env: { KAFKA_BROKERS: 'kafka:9092', DATABASE_URL: 'postgres://x/cairn', CAIRN_CONFIG: path } });
    expect(loaded.services).toEqual({ segments: 'http://cairn-segments:3002', messaging: 'http://cairn-messaging:3004' });
    expect(loaded.workspaces.map((w) => w.id)).toEqual(['dev']);
    for (const url of Object.values(loaded.services)) {
      const { hostname, port } = new URL(url!);
      const service = byKind(render('overlays/dev'), 'Service').find((s) => s.metadata.name === hostname);
      expect(service.spec.ports.map((p: any) => String(p.port))).toContain(port);
    }
  });

  it('sets namespaces and image tags per overlay', () => {
    for (const [dir, ns, tag] of [
      ['overlays/dev', 'cairn-dev', 'dev'],
      ['overlays/prod', 'cairn', '0.1.0'],
    ]) {
      const objects = render(dir);
      expect(byKind(objects, 'Namespace').map((n) => n.metadata.name)).toEqual([ns]);
      for (const o of objects.filter((o) => o.kind !== 'Namespace')) expect(o.metadata?.namespace).toBe(ns);
      for (const d of byKind(objects, 'Deployment'))
        expect(d.spec.template.spec.containers[0].image).toMatch(new RegExp(`^cairn/[a-z]+:${tag.replace('.', '\\.')}$`));
    }
  });

  it('with keda-kafka-auth every kafka trigger authenticates with cairn-kafka, whose secrets come from the Secret cairn-kafka; prod alone has none', () => {
    const kafkaTriggers = (dir: string) => byKind(render(dir), 'ScaledObject').flatMap((o) => o.spec.triggers.filter((t: any) => t.type === 'kafka'));
    expect(kafkaTriggers('overlays/prod').length).toBeGreaterThan(0);
    expect(kafkaTriggers('overlays/prod').filter((t: any) => t.authenticationRef)).toEqual([]);
    const secured = 'tests/fixtures/secured-kafka';
    expect(failures(validateK8s(render(secured)))).toEqual([]);
    expect(kafkaTriggers(secured).map((t: any) => t.authenticationRef)).toEqual(kafkaTriggers(secured).map(() => ({ name: 'cairn-kafka' })));
    const [auth] = byKind(render(secured), 'TriggerAuthentication');
    expect(auth.metadata).toMatchObject({ name: 'cairn-kafka', namespace: 'cairn' });
    expect(auth.spec.secretTargetRef.map((r: any) => [r.parameter, r.name, r.key])).toEqual([
      ['sasl', 'cairn-kafka', 'keda-sasl'],
      ['username', 'cairn-kafka', 'KAFKA_SASL_USERNAME'],
      ['password', 'cairn-kafka', 'KAFKA_SASL_PASSWORD'],
      ['tls', 'cairn-kafka', 'keda-tls'],
    ]);
  });

  it("a secured Kafka's port added to the Kafka egress rule reaches the services and the topic Job, nothing else", () => {
    const kafkaPorts = byKind(render('tests/fixtures/secured-kafka'), 'NetworkPolicy')
      .filter((p) => p.spec.egress?.[0]?.ports.some((port: any) => port.port === 9092))
      .map((p) => [p.metadata.name, p.spec.egress[0].ports.map((port: any) => port.port)]);
    expect(kafkaPorts.sort()).toEqual(
      ['cairn-events', 'cairn-journeys', 'cairn-kafka-topics', 'cairn-messaging', 'cairn-segments'].map((name) => [name, [9092, 9096]]),
    );
  });

  it("deploy/README.md's production config file loads in production for every service, browser origins included", () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const example = [...readme.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]).find((block) => block.includes('"workspaces"'));
    const path = join(mkdtempSync(join(tmpdir(), 'cairn-prod-config-')), 'config.json');
    writeFileSync(path, example!);
    for (const service of ['events', 'segments', 'journeys', 'messaging', 'all-in-one'] as const) {
      const loaded = loadConfig({
        service,
        env: {
          NODE_ENV: 'production',
          KAFKA_BROKERS: 'kafka:9092',
          DATABASE_URL: 'postgres://x/cairn',
          CAIRN_CONFIG: path,
          CAIRN_SECRETS_KEY: `k1:${'A'.repeat(43)}=`,
        },
      });
      expect(loaded.workspaces.map((w) => [w.id, w.allowedOrigins])).toEqual([['shop', ['https://shop.example.com', 'https://m.shop.example.com']]]);
    }
  });
});
