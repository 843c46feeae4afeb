// One SWC configuration for the build and for jest, so tests run the code the build ships.
// @swc/wasm: one package for every platform (no native binaries to fetch).
const path = require('node:path');

const root = path.resolve(__dirname, '..');

const options = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: true,
  swcrc: false,
  configFile: false,
};

module.exports = { options, root };
