import { DomainError } from '@cairn/core';

/** The service that knows a kind of reference did not answer usefully (no connection, timeout, 5xx): the save is not accepted blind. */
export class ReferenceCheckUnavailable extends DomainError {
  readonly retryAfterSeconds = 5;

  constructor(service: string, problem: string) {
    super('REFERENCE_CHECK_UNAVAILABLE', `could not check references with the ${service} service (${problem}); try again`, 503);
    this.name = 'ReferenceCheckUnavailable';
  }
}

/** The other service refused the caller's admin key: the workspaces differ between the services' configurations. */
export class ReferenceCheckForbidden extends DomainError {
  constructor(service: string, status: number) {
    super(
      'REFERENCE_CHECK_FORBIDDEN',
      `the ${service} service refused this admin key (${status}); every service needs the same workspaces and keys in its configuration`,
      403,
    );
    this.name = 'ReferenceCheckForbidden';
  }
}
