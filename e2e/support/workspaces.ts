import { randomBytes } from 'node:crypto';

/** One workspace per scenario, so each has its own frequency policy, segments and journeys. */
export interface ScenarioWorkspace {
  id: string;
  writeKey: string;
  adminKey: string;
  /** The CAIRN_CONFIG entry. */
  config: Record<string, unknown>;
}

export function scenarioWorkspace(name: string, overrides: Record<string, unknown> = {}): ScenarioWorkspace {
  const id = name;
  const secret = randomBytes(6).toString('hex');
  const writeKey = `${id}-write-${secret}`;
  const adminKey = `${id}-admin-${secret}`;
  return {
    id,
    writeKey,
    adminKey,
    config: { id, name, writeKeys: [writeKey], adminKeys: [adminKey], timezone: 'UTC', compliance: 'none', ...overrides },
  };
}
