// Validates Kubernetes objects against the schemas that the kubernetes-models
// packages ship (ajv validators compiled from the Kubernetes OpenAPI schema
// and from the KEDA and Prometheus Operator CRDs). Those packages are ES
// modules, so the Jest specs run this file with node in a child process.
//
// stdin:  JSON array of objects
// stdout: JSON array of { index, kind, name, errors: string[] }
//
// Strict like `kubectl apply --validate=strict`: a field the schema does not
// know is an error too. The validators read every field they know; a Proxy
// records what they read, and any field never read is unknown.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const packages = {
  core: dirname(fileURLToPath(import.meta.resolve('kubernetes-models'))),
  keda: dirname(fileURLToPath(import.meta.resolve('@kubernetes-models/keda'))),
  prom: dirname(fileURLToPath(import.meta.resolve('@kubernetes-models/prometheus-operator'))),
};

const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);

function schemaFile(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const v = cap(version);
  if (group === 'keda.sh') return join(packages.keda, '_schemas', `ComGithubKedacoreKedaV2ApisKeda${v}${kind}.js`);
  if (group === 'monitoring.coreos.com') {
    return join(packages.prom, '_schemas', `ComGithubPrometheusOperatorPrometheusOperatorPkgApisMonitoring${v}${kind}.js`);
  }
  if (group === '') return join(packages.core, '_schemas', `IoK8sApiCore${v}${kind}.js`);
  if (/^[a-z]+(\.k8s\.io)?$/.test(group)) return join(packages.core, '_schemas', `IoK8sApi${cap(group.split('.')[0])}${v}${kind}.js`);
  return null;
}

function tracked(value, path, seen) {
  if (value === null || typeof value !== 'object') return value;
  return new Proxy(value, {
    get(target, key, receiver) {
      if (typeof key === 'string' && Object.hasOwn(target, key)) {
        seen.add(`${path}/${key}`);
        return tracked(target[key], `${path}/${key}`, seen);
      }
      return Reflect.get(target, key, receiver);
    },
    ownKeys(target) {
      // Enumerated keys belong to a map (labels, data, ...): all are known.
      for (const key of Object.keys(target)) seen.add(`${path}/${key}`);
      return Reflect.ownKeys(target);
    },
  });
}

function unknownFields(value, path, seen, out) {
  if (value === null || typeof value !== 'object') return;
  for (const key of Object.keys(value)) {
    const child = `${path}/${key}`;
    if (!seen.has(child)) out.push(`${child || '/'}: unknown field "${key}"`);
    else unknownFields(value[key], child, seen, out);
  }
}

const input = JSON.parse(
  await new Promise((resolve) => {
    let text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk) => (text += chunk));
    process.stdin.on('end', () => resolve(text));
  }),
);

const results = [];
for (const [index, obj] of input.entries()) {
  const kind = obj?.kind;
  const name = obj?.metadata?.name;
  const file = typeof obj?.apiVersion === 'string' && typeof kind === 'string' ? schemaFile(obj.apiVersion, kind) : null;
  let validate = null;
  if (file) {
    try {
      ({ validate } = await import(pathToFileURL(file).href));
    } catch {
      validate = null;
    }
  }
  if (!validate) {
    results.push({ index, kind, name, errors: [`no schema for ${obj?.apiVersion} ${kind}`] });
    continue;
  }
  const seen = new Set(['/apiVersion', '/kind']);
  const ok = validate(tracked(obj, '', seen));
  const errors = ok ? [] : validate.errors.map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}${e.params ? ' ' + JSON.stringify(e.params) : ''}`);
  unknownFields(obj, '', seen, errors);
  results.push({ index, kind, name, errors });
}
process.stdout.write(JSON.stringify(results));
