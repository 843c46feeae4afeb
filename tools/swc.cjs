// One SWC configuration for the build and for jest, so tests run the code the build ships.
const path = require('node:path');
const tsconfig = require('../tsconfig.base.json');

const root = path.resolve(__dirname, '..');

function swcOptions({ withPaths = true } = {}) {
  return {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
      ...(withPaths ? { baseUrl: root, paths: tsconfig.compilerOptions.paths } : {}),
    },
    module: { type: 'commonjs' },
    sourceMaps: true,
  };
}

module.exports = { swcOptions, root };
