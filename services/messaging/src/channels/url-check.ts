import { FieldProblem, parseCidr } from '@cairn/core';
import { Allowance, allowanceOf, AllowList, refusedLiteralHost } from '../egress/address-guard';

/**
 * Checks a channel's `allowedAddresses`: an array of IP addresses or CIDR
 * ranges, each inside what the operator opens (`egress.allowPrivate` of the
 * configuration): a channel may only narrow that, never widen it. Returns the
 * channel's allowance (its valid entries and the operator's list).
 */
export function validateAllowedAddresses(value: unknown, operator: readonly string[], problems: FieldProblem[]): Allowance {
  if (value === undefined) return allowanceOf([], operator);
  if (!Array.isArray(value) || value.some((a) => typeof a !== 'string')) {
    problems.push({ path: 'config.allowedAddresses', message: 'must be an array of IP addresses or CIDR ranges' });
    return allowanceOf([], operator);
  }
  const opened = AllowList.of(operator);
  value.forEach((entry: string, i) => {
    const range = parseCidr(entry);
    if (!range) problems.push({ path: `config.allowedAddresses[${i}]`, message: 'must be an IP address or a CIDR range' });
    else if (!opened.covers(range)) {
      problems.push({
        path: `config.allowedAddresses[${i}]`,
        message: 'reaches outside the addresses the operator opens (egress.allowPrivate in the configuration); a channel may only narrow them',
      });
    }
  });
  return allowanceOf(value as string[], operator);
}

/** An absolute http(s) URL without credentials whose literal IP host (if any) is not refused. */
export function validateUrl(url: unknown, allowance: Allowance, problems: FieldProblem[]): void {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    problems.push({ path: 'config.url', message: 'must be an absolute http or https URL' });
    return;
  }
  if (typeof url !== 'string' || !['http:', 'https:'].includes(parsed.protocol)) {
    problems.push({ path: 'config.url', message: 'must be an absolute http or https URL' });
  } else if (parsed.username || parsed.password) {
    problems.push({ path: 'config.url', message: 'must not carry credentials' });
  } else if (refusedLiteralHost(parsed.hostname, allowance)) {
    problems.push({
      path: 'config.url',
      message:
        'points at a private, loopback, link-local or reserved address; only an address the operator opens (egress.allowPrivate) and config.allowedAddresses names is allowed',
    });
  }
}

/** A channel's `signingSecret` (receipts are signed with it): absent, or a string of 16 to 500 characters. */
export function validateSigningSecret(value: unknown, problems: FieldProblem[]): void {
  if (value !== undefined && (typeof value !== 'string' || value.length < 16 || value.length > 500)) {
    problems.push({ path: 'config.signingSecret', message: 'must be a string of 16 to 500 characters' });
  }
}
