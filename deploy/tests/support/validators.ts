import Ajv, { type ValidateFunction } from 'ajv';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type K8sObject = {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
  [key: string]: unknown;
};
export interface Finding {
  kind?: string;
  name?: string;
  errors: string[];
}

const SCHEMA_DIR = join(__dirname, '..', 'schemas');
const CHILD = join(__dirname, 'k8s-validate.mjs');

/** Schemas written for this repo (CRDs no package ships), keyed by apiVersion/kind. */
function localSchemas(): Map<string, ValidateFunction> {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const out = new Map<string, ValidateFunction>();
  for (const file of readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.json'))) {
    const schema = JSON.parse(readFileSync(join(SCHEMA_DIR, file), 'utf8'));
    const gvk = schema['x-kubernetes-group-version-kind'];
    if (!gvk) continue;
    const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
    out.set(`${apiVersion}/${gvk.kind}`, ajv.compile(schema));
  }
  return out;
}

/**
 * Validates every object against the schema of its apiVersion and kind:
 * the kubernetes-models validators (Kubernetes, KEDA, Prometheus Operator)
 * in a child node process, and the schemas in deploy/tests/schemas with ajv.
 * Unknown fields are errors. An object without a schema is an error.
 */
export function validateK8s(objects: K8sObject[]): Finding[] {
  const local = localSchemas();
  const findings: Finding[] = [];
  const rest: K8sObject[] = [];
  for (const obj of objects) {
    const validate = local.get(`${obj.apiVersion}/${obj.kind}`);
    if (!validate) {
      rest.push(obj);
      continue;
    }
    const ok = validate(obj);
    const errors = ok ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params ? ' ' + JSON.stringify(e.params) : ''}`);
    findings.push({ kind: obj.kind, name: obj.metadata?.name, errors });
  }
  if (rest.length > 0) {
    const out = execFileSync(process.execPath, [CHILD], { input: JSON.stringify(rest), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    findings.push(...(JSON.parse(out) as Finding[]));
  }
  return findings;
}

export function failures(findings: Finding[]): string[] {
  return findings.filter((f) => f.errors.length > 0).map((f) => `${f.kind}/${f.name}: ${f.errors.join('; ')}`);
}

let composeValidator: ValidateFunction | undefined;

/** The Compose specification's JSON schema, as shipped in the dclint package. */
export function composeSchemaPath(): string {
  return join(dirname(require.resolve('dclint/package.json')), 'schemas', 'compose.schema.json');
}

export function validateCompose(doc: unknown): string[] {
  if (!composeValidator) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    // The schema declares draft-07 by an https URL ajv does not know by that name; ajv's default is draft-07.
    const { $schema, ...schema } = JSON.parse(readFileSync(composeSchemaPath(), 'utf8'));
    if (!String($schema).includes('draft-07')) throw new Error(`compose schema is ${$schema}, expected draft-07`);
    composeValidator = ajv.compile(schema);
  }
  const ok = composeValidator(doc);
  return ok ? [] : (composeValidator.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params ? ' ' + JSON.stringify(e.params) : ''}`);
}
