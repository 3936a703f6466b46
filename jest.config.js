// One Jest run, three projects:
//   unit         *.spec.ts next to the code; pure, no infrastructure
//   integration  *.int.spec.ts; real Kafka and Postgres found by libs/testing
//   e2e          e2e/**/*.e2e.spec.ts; the services as separate processes
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2023',
      keepClassNames: true,
    },
  },
];
const moduleNameMapper = {
  '^@cairn/(events|segments|journeys|messaging)-service$': '<rootDir>/services/$1/src/$1.service-definition.ts',
  '^@cairn/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
};
const common = {
  rootDir: __dirname,
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper,
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.tools/'],
};
module.exports = {
  // On 2 cores Jest runs every file in band, in its own process: one kafkajs client a test leaves reconnecting to a
  // broker it already stopped (kafkajs retries its seed broker on a referenced timer) keeps that process alive after
  // the last test, and the run never ends. Every result is in by then; exit once it is.
  forceExit: true,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{libs,services,deploy,bench,console,cli}/**/*.spec.ts'],
      testPathIgnorePatterns: ['\\.int\\.spec\\.ts$', '\\.e2e\\.spec\\.ts$', '/node_modules/'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{libs,services}/**/*.int.spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/jest/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/jest/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest/integration-timeout.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/e2e/**/*.e2e.spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/jest/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/jest/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest/integration-timeout.ts'],
    },
  ],
};
