import { DomainError } from '@cairn/core';

/** A simulation needs the workspace's segments, templates, channels and policy from the other services, and could not get them. */
export class SimulationUnavailable extends DomainError {
  readonly retryAfterSeconds = 5;

  constructor(service: string, problem: string) {
    super('SIMULATION_UNAVAILABLE', `could not read the workspace's resources from the ${service} service (${problem})`, 503);
    this.name = 'SimulationUnavailable';
  }
}

/** The other service refused the caller's admin key: the services' configurations name different workspaces. */
export class SimulationForbidden extends DomainError {
  constructor(service: string, status: number) {
    super('SIMULATION_FORBIDDEN', `the ${service} service refused this admin key (${status}); every service needs the same workspaces and keys`, 403);
    this.name = 'SimulationForbidden';
  }
}
