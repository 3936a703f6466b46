import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/**
 * Lint runs in the test command. Nx project tags keep the architecture honest:
 * no service imports another service, libs never import services, and
 * libs/contracts, libs/core, libs/conditions and the services' rules (libs/*-domain) stay free of framework code.
 * The simulator (libs/simulator, scope:simulator) is the one library that runs every service's rules
 * together; the `cairn` command (cli/) and journeys' simulate endpoint use it, and nothing else may.
 */
export default tseslint.config(
  { ignores: ['**/node_modules/**', 'dist/**', '.tools/**', '.cache/**', 'coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          // The all-in-one composition root may import the services' definitions; the rule
          // below keeps services themselves from importing each other through these aliases.
          allow: ['@cairn/events-service', '@cairn/segments-service', '@cairn/journeys-service', '@cairn/messaging-service'],
          enforceBuildableLibDependency: false,
          depConstraints: [
            { sourceTag: 'type:bench', onlyDependOnLibsWithTags: ['type:lib', 'type:core', 'type:contracts', 'type:testing'] },
            { sourceTag: 'type:composition', onlyDependOnLibsWithTags: ['type:service', 'type:lib', 'type:core', 'type:contracts'] },
            { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib', 'type:core', 'type:contracts', 'type:testing', 'type:tool-lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:core', 'type:contracts'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib', 'type:core', 'type:contracts'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'type:core', onlyDependOnLibsWithTags: ['type:core'] },
            // The simulator runs the services' pure rules (type:core) together; the cairn command uses it and them only.
            { sourceTag: 'type:tool-lib', onlyDependOnLibsWithTags: ['type:core', 'type:contracts'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:tool-lib', 'type:core', 'type:contracts'] },
            // The operator console runs in the browser: it talks to Cairn over HTTP only.
            { sourceTag: 'type:browser', onlyDependOnLibsWithTags: ['type:browser'] },
            { sourceTag: 'scope:events', notDependOnLibsWithTags: ['scope:segments', 'scope:journeys', 'scope:messaging', 'scope:simulator'] },
            { sourceTag: 'scope:segments', notDependOnLibsWithTags: ['scope:events', 'scope:journeys', 'scope:messaging', 'scope:simulator'] },
            { sourceTag: 'scope:messaging', notDependOnLibsWithTags: ['scope:events', 'scope:segments', 'scope:journeys', 'scope:simulator'] },
            // Journeys runs the simulator for POST /v1/journeys/:id/simulate, and through it the other services'
            // rules (that check would be transitive with notDependOnLibsWithTags): journeys itself imports only its own
            // libraries, shared ones and the simulator, and shared libraries import only shared ones.
            { sourceTag: 'scope:journeys', onlyDependOnLibsWithTags: ['scope:journeys', 'scope:shared', 'scope:simulator'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration through @cairn/config (loadConfig), not process.env.',
        },
      ],
    },
  },
  {
    files: ['services/{events,segments,journeys,messaging}/**/*.ts', 'libs/**/*.ts', 'cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@cairn/*-service'], message: 'A service never imports another service; talk through Kafka topics.' }] },
      ],
    },
  },
  {
    // Framework-free libraries, the simulator and the cairn command.
    files: ['libs/contracts/**/*.ts', 'libs/core/**/*.ts', 'libs/conditions/**/*.ts', 'libs/*-domain/**/*.ts', 'libs/simulator/**/*.ts', 'cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@cairn/*-service'], message: 'A service never imports another service.' },
            {
              group: ['@nestjs/*', 'typeorm', 'pg', 'kafkajs', '@cairn/kafka', '@cairn/db', '@cairn/runtime'],
              message: 'Contracts, core, conditions, domain code, the simulator and the cairn command stay free of framework and infrastructure imports.',
            },
          ],
        },
      ],
    },
  },
  {
    // The config loader, the cairn command's entry point (CAIRN_URL, CAIRN_ADMIN_KEY, channel secrets) and the test harness
    // are where the environment is read.
    files: [
      'libs/config/src/load-config.ts',
      'cli/src/main.ts',
      'libs/testing/**/*.ts',
      'bench/**/*.ts',
      'chaos/**/*.ts',
      'e2e/**/*.ts',
      'deploy/tests/**/*.ts',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // Manifest tests walk arbitrary rendered YAML.
    files: ['deploy/tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
