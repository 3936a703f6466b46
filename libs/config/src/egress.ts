import { parseCidr } from '@cairn/core';
import { ConfigError } from './config.error';
import type { EgressConfig } from './config.types';

/**
 * The optional `egress` object of the CAIRN_CONFIG file: what outbound calls
 * to workspace-configured destinations (webhooks, gateways, SMTP relays) may
 * reach beyond the public internet. `allowPrivate` lists the private,
 * loopback, link-local or otherwise non-public addresses and CIDR ranges the
 * operator opens (e.g. `["10.1.0.0/16"]`); a channel may reach such an address
 * only when its own `allowedAddresses` names it inside these. Default: none.
 */
export function parseEgress(raw: unknown): EgressConfig {
  if (raw === undefined) return { allowPrivate: [] };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError('egress', 'must be an object such as { "allowPrivate": ["10.1.0.0/16"] }');
  }
  for (const key of Object.keys(raw)) {
    if (key !== 'allowPrivate') throw new ConfigError(`egress.${key}`, 'unknown field (use allowPrivate)');
  }
  const list = (raw as { allowPrivate?: unknown }).allowPrivate ?? [];
  if (!Array.isArray(list)) throw new ConfigError('egress.allowPrivate', 'must be an array of IP addresses or CIDR ranges');
  list.forEach((entry, i) => {
    if (typeof entry !== 'string' || !parseCidr(entry)) {
      throw new ConfigError(`egress.allowPrivate[${i}]`, 'must be an IP address or a CIDR range such as 10.1.0.0/16');
    }
  });
  return { allowPrivate: [...(list as string[])] };
}
