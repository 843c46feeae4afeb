// Jest transformer: TypeScript with decorator metadata, through SWC (wasm).
const crypto = require('node:crypto');
const swc = require('@swc/wasm');
const { options } = require('./swc.cjs');

module.exports = {
  process(source, filename) {
    const result = swc.transformSync(source, { ...options, filename, sourceMaps: 'inline', inlineSourcesContent: true });
    return { code: result.code };
  },
  getCacheKey(source, filename) {
    return crypto.createHash('sha1').update(source).update(filename).update(JSON.stringify(options)).update('1').digest('hex');
  },
};
