import { FieldProblem } from '@cairn/core';
import { refusedLiteralHost } from '../egress/address-guard';
import { validateAllowedAddresses, validateSigningSecret } from './url-check';

/** An SMTP relay (nodemailer). */
export interface SmtpConfig {
  host: string;
  port: number;
  /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
  secure?: boolean;
  /** Refuse to go on without STARTTLS (never authenticate or send in plaintext). */
  requireTls?: boolean;
  /** PEM certificate(s) of the CA that signed the relay's certificate, for a relay behind an internal CA (default: the system's CAs). */
  tlsCa?: string;
  /** The key delivery receipts for this channel are signed with (`POST /v1/channels/:key/receipts`); write-only. */
  signingSecret?: string;
  auth?: { user: string; pass: string };
  /** The From header, e.g. "Cairn Shop <news@shop.example>". */
  from: string;
  /** Non-public addresses or CIDR ranges the relay may be reached on, inside what the operator opens (egress.allowPrivate). */
  allowedAddresses?: string[];
  /** Deadline of one attempt (connecting, the greeting, every answer up to acceptance), in milliseconds (default 10000). */
  timeoutMs?: number;
  resetTimeoutMs?: number;
}

const FIELDS = ['host', 'port', 'secure', 'requireTls', 'tlsCa', 'signingSecret', 'auth', 'from', 'allowedAddresses', 'timeoutMs', 'resetTimeoutMs'];
const PEM_RE = /^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----\s*$/;

function validateAuth(auth: unknown, problems: FieldProblem[]): void {
  if (auth === undefined) return;
  const record = auth as Record<string, unknown>;
  if (typeof auth !== 'object' || auth === null || typeof record.user !== 'string' || typeof record.pass !== 'string') {
    problems.push({ path: 'config.auth', message: 'must be { "user": string, "pass": string }' });
  }
}

/** Adds problems (paths under `config.`) for an `smtp` channel's configuration. */
export function validateSmtpConfig(config: Record<string, unknown>, problems: FieldProblem[], operator: readonly string[] = []): void {
  for (const key of Object.keys(config)) {
    if (!FIELDS.includes(key)) problems.push({ path: `config.${key}`, message: 'unknown field' });
  }
  const allowance = validateAllowedAddresses(config.allowedAddresses, operator, problems);
  if (typeof config.host !== 'string' || !/^[A-Za-z0-9.:[\]-]{1,253}$/.test(config.host)) {
    problems.push({ path: 'config.host', message: 'must be a host name or an IP address' });
  } else if (refusedLiteralHost(config.host, allowance)) {
    problems.push({
      path: 'config.host',
      message:
        'is a private, loopback, link-local or reserved address; only an address the operator opens (egress.allowPrivate) and config.allowedAddresses names is allowed',
    });
  }
  const port = config.port;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65_535) {
    problems.push({ path: 'config.port', message: 'must be a port number' });
  }
  for (const flag of ['secure', 'requireTls'] as const) {
    if (config[flag] !== undefined && typeof config[flag] !== 'boolean') problems.push({ path: `config.${flag}`, message: 'must be true or false' });
  }
  if (config.tlsCa !== undefined && (typeof config.tlsCa !== 'string' || config.tlsCa.length > 64_000 || !PEM_RE.test(config.tlsCa.trim()))) {
    problems.push({ path: 'config.tlsCa', message: 'must be PEM certificates (-----BEGIN CERTIFICATE----- …)' });
  }
  validateSigningSecret(config.signingSecret, problems);
  validateAuth(config.auth, problems);
  if (typeof config.from !== 'string' || config.from.length === 0 || config.from.length > 300) {
    problems.push({ path: 'config.from', message: 'must be a sender such as "Shop <news@shop.example>"' });
  }
  for (const [field, min, max] of [
    ['timeoutMs', 100, 60_000],
    ['resetTimeoutMs', 500, 600_000],
  ] as const) {
    const value = config[field];
    if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)) {
      problems.push({ path: `config.${field}`, message: `must be an integer from ${min} to ${max}` });
    }
  }
}
