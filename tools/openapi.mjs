// `npm run openapi`: writes the gateway's OpenAPI document to docs/openapi.json, from the code as
// compiled to dist/ (the npm script builds first). The document is checked in, so a change to the
// API shows in review; libs/gateway/test/openapi.int.spec.ts fails when the two differ.
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { root } = require('./swc.cjs');
const { buildOpenApiDocument } = require(path.join(root, 'dist/libs/gateway/src/edge/openapi-app.js'));
const { openApiJson } = require(path.join(root, 'dist/libs/gateway/src/http/openapi.js'));

const target = path.join(root, 'docs', 'openapi.json');
const document = await buildOpenApiDocument();
await mkdir(path.dirname(target), { recursive: true });
await writeFile(target, openApiJson(document));
console.error(`openapi: wrote ${path.relative(process.cwd(), target)} (${Object.keys(document.paths).length} paths)`);
