// Compiles apps/, libs/ and bench/ to dist/ with SWC (type-checking is `npm run typecheck`).
// Only files newer than their output are compiled again, so a warm start costs little.
// Path aliases (@gz/<lib>) become relative requires, so dist/ runs on plain node.
import { createRequire } from 'node:module';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

const require = createRequire(import.meta.url);
const swc = require('@swc/wasm');
const { options, root } = require('./swc.cjs');
const { compilerOptions } = require('../tsconfig.base.json');

const outDir = path.join(root, 'dist');
const aliases = Object.entries(compilerOptions.paths).map(([name, [target]]) => [name, path.join(outDir, target.replace(/\.ts$/, ''))]);

async function* sources(dir) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') yield* sources(full);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.type-check.ts') && !entry.name.endsWith('.d.ts')) {
      yield full;
    }
  }
}

async function mtime(file) {
  try {
    return (await stat(file)).mtimeMs;
  } catch {
    return 0;
  }
}

function rewriteAliases(code, out) {
  return code.replace(/require\("(@gz\/[a-z-]+(?:\/[a-z-]+)?)"\)/g, (whole, name) => {
    const hit = aliases.find(([alias]) => alias === name);
    if (!hit) return whole;
    let rel = path.relative(path.dirname(out), hit[1]);
    if (!rel.startsWith('.')) rel = `./${rel}`;
    return `require(${JSON.stringify(rel)})`;
  });
}

const started = Date.now();
let compiled = 0;
let total = 0;
const newest = Math.max(await mtime(path.join(root, 'tools/swc.cjs')), await mtime(path.join(root, 'tsconfig.base.json')));
for (const top of ['apps', 'libs', 'bench']) {
  for await (const file of sources(path.join(root, top))) {
    total += 1;
    const rel = path.relative(root, file);
    const out = path.join(outDir, rel.replace(/\.ts$/, '.js'));
    const built = await mtime(out);
    if (built >= (await mtime(file)) && built >= newest) continue;
    const source = await readFile(file, 'utf8');
    const result = swc.transformSync(source, { ...options, filename: file, sourceFileName: path.relative(path.dirname(out), file) });
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, `${rewriteAliases(result.code, out)}\n//# sourceMappingURL=${path.basename(out)}.map\n`);
    await writeFile(`${out}.map`, result.map ?? '');
    compiled += 1;
  }
}
if (compiled > 0) console.error(`build: compiled ${compiled} of ${total} files in ${Date.now() - started} ms`);
