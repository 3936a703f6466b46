import { FieldProblem } from '@cairn/core';
import { refusedLiteralHost } from '../providers/address-guard';

/** An absolute http(s) URL without credentials whose literal IP host (if any) is not refused. */
export function validateUrl(url: unknown, allowed: string[], problems: FieldProblem[]): void {
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
  } else if (refusedLiteralHost(parsed.hostname, allowed)) {
    problems.push({ path: 'config.url', message: 'points at a private, loopback, link-local or reserved address; add it to config.allowedAddresses to allow it' });
  }
}
