// Compiles apps/, libs/ and bench/ to dist/ with SWC (type-checking is `npm run typecheck`).
// Only files newer than their output are compiled again, so a warm start costs little.
import { createRequire } from 'node:module';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

const require = createRequire(import.meta.url);
const swc = require('@swc/core');
const { swcOptions, root } = require('./swc.cjs');

const outDir = path.join(root, 'dist');
const options = swcOptions();

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
      if (entry.name === 'node_modules') continue;
      yield* sources(full);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')) {
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

const started = Date.now();
let compiled = 0;
const jobs = [];
for (const top of ['apps', 'libs', 'bench']) {
  for await (const file of sources(path.join(root, top))) {
    const rel = path.relative(root, file);
    const out = path.join(outDir, rel.replace(/\.ts$/, '.js'));
    jobs.push(
      (async () => {
        if ((await mtime(out)) >= (await mtime(file))) return;
        const result = await swc.transformFile(file, { ...options, filename: file, sourceFileName: path.relative(path.dirname(out), file) });
        await mkdir(path.dirname(out), { recursive: true });
        await writeFile(out, `${result.code}\n//# sourceMappingURL=${path.basename(out)}.map\n`);
        await writeFile(`${out}.map`, result.map ?? '');
        compiled += 1;
      })(),
    );
  }
}
await Promise.all(jobs);
if (compiled > 0) console.error(`build: compiled ${compiled} of ${jobs.length} files in ${Date.now() - started} ms`);
