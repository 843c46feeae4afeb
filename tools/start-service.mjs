// `npm run start:service -- <app>`: runs one app (gateway, identity, …) as its own process.
import { existsSync, readdirSync } from 'node:fs';
import { spawn } from 'node:child_process';

const name = process.argv[2];
const apps = readdirSync('apps').filter((a) => a !== 'standalone');
if (!name || !apps.includes(name)) {
  console.error(`usage: npm run start:service -- <${apps.join('|')}>`);
  process.exit(2);
}
const entry = `dist/apps/${name}/src/main.js`;
if (!existsSync(entry)) {
  console.error(`${entry} is missing; run npm run build`);
  process.exit(1);
}
const child = spawn(process.execPath, ['--enable-source-maps', entry], { stdio: 'inherit', env: { SERVICE_NAME: name, ...process.env } });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 1));
