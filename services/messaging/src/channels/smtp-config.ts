import { FieldProblem } from '@cairn/core';
import { buildAllowList, refusedLiteralHost } from '../providers/address-guard';

/** An SMTP relay (nodemailer). */
export interface SmtpConfig {
  host: string;
  port: number;
  /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
  secure?: boolean;
  auth?: { user: string; pass: string };
  /** The From header, e.g. "Cairn Shop <news@shop.example>". */
  from: string;
  /** Addresses or CIDR ranges the relay may be reached on although private or loopback. */
  allowedAddresses?: string[];
  /** Connection and greeting time-out in milliseconds (default 10000). */
  timeoutMs?: number;
  resetTimeoutMs?: number;
}

const FIELDS = ['host', 'port', 'secure', 'auth', 'from', 'allowedAddresses', 'timeoutMs', 'resetTimeoutMs'];

function validateAllowList(value: unknown, problems: FieldProblem[]): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((a) => typeof a !== 'string')) {
    problems.push({ path: 'config.allowedAddresses', message: 'must be an array of IP addresses or CIDR ranges' });
    return [];
  }
  for (const i of buildAllowList(value as string[]).invalid) {
    problems.push({ path: `config.allowedAddresses[${i}]`, message: 'must be an IP address or a CIDR range' });
  }
  return value as string[];
}

function validateAuth(auth: unknown, problems: FieldProblem[]): void {
  if (auth === undefined) return;
  const record = auth as Record<string, unknown>;
  if (typeof auth !== 'object' || auth === null || typeof record.user !== 'string' || typeof record.pass !== 'string') {
    problems.push({ path: 'config.auth', message: 'must be { "user": string, "pass": string }' });
  }
}

/** Adds problems (paths under `config.`) for an `smtp` channel's configuration. */
export function validateSmtpConfig(config: Record<string, unknown>, problems: FieldProblem[]): void {
  for (const key of Object.keys(config)) {
    if (!FIELDS.includes(key)) problems.push({ path: `config.${key}`, message: 'unknown field' });
  }
  const allowed = validateAllowList(config.allowedAddresses, problems);
  if (typeof config.host !== 'string' || !/^[A-Za-z0-9.:[\]-]{1,253}$/.test(config.host)) {
    problems.push({ path: 'config.host', message: 'must be a host name or an IP address' });
  } else if (refusedLiteralHost(config.host, allowed)) {
    problems.push({ path: 'config.host', message: 'is a private, loopback, link-local or reserved address; add it to config.allowedAddresses to allow it' });
  }
  const port = config.port;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65_535) {
    problems.push({ path: 'config.port', message: 'must be a port number' });
  }
  if (config.secure !== undefined && typeof config.secure !== 'boolean') problems.push({ path: 'config.secure', message: 'must be true or false' });
  validateAuth(config.auth, problems);
  if (typeof config.from !== 'string' || config.from.length === 0 || config.from.length > 300) {
    problems.push({ path: 'config.from', message: 'must be a sender such as "Shop <news@shop.example>"' });
  }
  for (const [field, min, max] of [['timeoutMs', 100, 60_000], ['resetTimeoutMs', 500, 600_000]] as const) {
    const value = config[field];
    if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)) {
      problems.push({ path: `config.${field}`, message: `must be an integer from ${min} to ${max}` });
    }
  }
}
