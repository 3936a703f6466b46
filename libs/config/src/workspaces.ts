import { ConfigError } from './config.error';
import { parseDataRights } from './data-rights';
import { CompliancePreset, DEV_ADMIN_KEY, DEV_WORKSPACE_ID, DEV_WRITE_KEY, NodeEnv, WorkspaceConfig } from './config.types';
import { parseWorkspaceSending } from './workspace-sending';

const ID_RE = /^[a-z0-9][a-z0-9-]{0,62}$/;
const PRESETS: CompliancePreset[] = ['none', 'kr-ad-law'];
/** The `allowedOrigins` entry that lets a page on any origin in (refused in production). */
export const ANY_ORIGIN = '*';
const HOST_RE = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])$/;

export function devWorkspace(): WorkspaceConfig {
  return {
    id: DEV_WORKSPACE_ID,
    name: 'Development',
    writeKeys: [DEV_WRITE_KEY],
    adminKeys: [DEV_ADMIN_KEY],
    timezone: 'Asia/Seoul',
    compliance: 'kr-ad-law',
    senderName: 'Cairn Shop',
    optOutText: '무료수신거부 080-000-0000',
    ingestRatePerSecond: 5000,
    // Any page may send events to the development workspace (it never runs in production).
    allowedOrigins: [ANY_ORIGIN],
    sendKeys: [],
  };
}

/**
 * A workspace's `allowedOrigins`: each entry an origin exactly as a browser sends it in its `Origin` header
 * (scheme, lowercase host, port only when not the default: `https://shop.example.com`, `http://localhost:8080`),
 * so that it is compared as it is; or `*`.
 */
function allowedOrigins(raw: unknown, field: string): string[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new ConfigError(field, 'must be an array of origins such as "https://shop.example.com"');
  return raw.map((entry: unknown, i) => {
    if (entry === ANY_ORIGIN) return entry;
    const url = typeof entry === 'string' ? URL.parse(entry) : null;
    const web = url?.protocol === 'https:' || url?.protocol === 'http:';
    // A host name, IPv4 or [IPv6] address: no `*.example.com` patterns (list each origin).
    if (!url || !web || url.origin !== entry || !HOST_RE.test(url.hostname)) {
      const written = web ? ` (as a browser sends it: ${JSON.stringify(url.origin)})` : '';
      throw new ConfigError(
        `${field}[${i}]`,
        `must be an origin: http or https, the host in lowercase and a port only when not the default, no path or trailing slash, no wildcard, e.g. "https://shop.example.com"; or "*"${written}`,
      );
    }
    return entry;
  });
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function keys(raw: unknown, field: string): string[] {
  if (!Array.isArray(raw) || raw.length === 0) throw new ConfigError(field, 'must be a non-empty array of strings');
  raw.forEach((k, i) => {
    if (typeof k !== 'string' || k.length < 8) throw new ConfigError(`${field}[${i}]`, 'must be a string of at least 8 characters');
  });
  return raw as string[];
}

function str(raw: unknown, field: string, fallback?: string): string {
  if (raw === undefined && fallback !== undefined) return fallback;
  if (typeof raw !== 'string' || raw.length === 0) throw new ConfigError(field, 'must be a non-empty string');
  return raw;
}

export function parseWorkspace(raw: unknown, index: number): WorkspaceConfig {
  const at = `workspaces[${index}]`;
  if (typeof raw !== 'object' || raw === null) throw new ConfigError(at, 'must be an object');
  const w = raw as Record<string, unknown>;
  const dev = devWorkspace();
  const id = str(w.id, `${at}.id`);
  if (!ID_RE.test(id)) throw new ConfigError(`${at}.id`, 'must be lowercase letters, digits and dashes');
  const timezone = str(w.timezone, `${at}.timezone`, dev.timezone);
  if (!isTimeZone(timezone)) throw new ConfigError(`${at}.timezone`, `unknown IANA time zone ${JSON.stringify(timezone)}`);
  const compliance = str(w.compliance, `${at}.compliance`, 'none') as CompliancePreset;
  if (!PRESETS.includes(compliance)) throw new ConfigError(`${at}.compliance`, `must be one of ${PRESETS.join(', ')}`);
  const rate = w.ingestRatePerSecond ?? dev.ingestRatePerSecond;
  if (typeof rate !== 'number' || !Number.isInteger(rate) || rate < 1) {
    throw new ConfigError(`${at}.ingestRatePerSecond`, 'must be a positive integer');
  }
  return {
    id,
    name: str(w.name, `${at}.name`, id),
    writeKeys: keys(w.writeKeys, `${at}.writeKeys`),
    adminKeys: keys(w.adminKeys, `${at}.adminKeys`),
    timezone,
    compliance,
    senderName: str(w.senderName, `${at}.senderName`, dev.senderName),
    optOutText: str(w.optOutText, `${at}.optOutText`, dev.optOutText),
    ingestRatePerSecond: rate,
    allowedOrigins: allowedOrigins(w.allowedOrigins, `${at}.allowedOrigins`),
    dataRights: parseDataRights(w, at),
    ...parseWorkspaceSending(w, at),
  };
}

/** Checks that keys are unique across workspaces and that production carries no dev key and no `*` origin. */
export function checkWorkspaces(list: WorkspaceConfig[], env: NodeEnv): void {
  const seen = new Map<string, string>();
  list.forEach((w, i) => {
    if (list.findIndex((o) => o.id === w.id) !== i) throw new ConfigError(`workspaces[${i}].id`, `duplicate workspace id ${w.id}`);
    for (const [kind, ks] of [
      ['writeKeys', w.writeKeys],
      ['adminKeys', w.adminKeys],
      ['sendKeys', w.sendKeys ?? []],
    ] as const) {
      ks.forEach((k, j) => {
        const field = `workspaces[${i}].${kind}[${j}]`;
        if (seen.has(k)) throw new ConfigError(field, `key is already used by ${seen.get(k)}`);
        seen.set(k, field);
        if (env === 'production' && (k === DEV_WRITE_KEY || k === DEV_ADMIN_KEY)) {
          throw new ConfigError(field, 'the development keys are refused in production');
        }
      });
    }
    const any = (w.allowedOrigins ?? []).indexOf(ANY_ORIGIN);
    if (env === 'production' && any >= 0) {
      throw new ConfigError(`workspaces[${i}].allowedOrigins[${any}]`, '"*" (any origin) is refused in production; list the shop\'s origins');
    }
  });
}
