/** Test tiers: unit specs beside the code, integration and e2e suites under test/. */
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
    },
  ],
  // marked ships only an ES module: Node loads it through require(esm), Jest needs it compiled.
  '/node_modules/marked/.+\\.js$': ['@swc/jest', { module: { type: 'commonjs' } }],
};
const common = {
  transform,
  transformIgnorePatterns: ['/node_modules/(?!marked/)'],
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  maxWorkers: 2,
  // A shared two-core machine can be slow: generous time, never a timing assertion.
  testTimeout: 20000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      rootDir: '.',
      // The test helpers that decide whether a suite runs are tested like the code.
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/support/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      rootDir: '.',
      testMatch: ['<rootDir>/test/integration/**/*.int-spec.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      rootDir: '.',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
    },
  ],
};
