export class ConfigError extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`invalid configuration: ${field}: ${problem}`);
    this.name = 'ConfigError';
  }
}
