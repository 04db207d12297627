// Nest 12 and a few of its dependencies ship ESM only. Node 22.12+ and 24 can
// require() them, but jest's module runtime cannot (it loads every file itself
// and needs --experimental-vm-modules for ESM and dynamic import()), so swc
// rewrites them (and our TypeScript) to CommonJS, import() included: that is
// what lets @fastify/cookie 11.1 load `cookie` 2 under jest.
const esmOnly = [
  '@nestjs',
  'content-disposition',
  'cookie',
  'file-type',
  'token-types',
  'strtok3',
  '@tokenizer',
  'uint8array-extras',
  '@borewit',
  '@fastify/cookie',
];

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const moduleNameMapper = {
  '^@cohost/(common|config|database|domain|queue|mail|metrics|testing)$': '<rootDir>/libs/$1/src',
};

const shared = {
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleNameMapper,
  // Node binaries fetched by scripts/use-node.sh: not modules of this project.
  modulePathIgnorePatterns: ['<rootDir>/.cache/'],
  rootDir: __dirname,
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      slowTestThreshold: 20,
    },
  ],
  testTimeout: 30000,
};
