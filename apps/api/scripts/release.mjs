// Builds the release tarball the instances install: built JS, production dependencies (for both EC2 CPU
// architectures), migrations, the built web pages (`web/`), the PM2 ecosystem file and a RELEASE.json manifest.
//
//   pnpm --filter @sigma-pli/api release   →   apps/api/artifacts/sigma-pli-api-<version>-<commit>.tar.gz
//
// `pnpm deploy --prod` copies the package with a self-contained node_modules (workspace packages included);
// --cpu/--os/--libc add the native argon2 binary of every instance architecture (t3 = x64, t4g = arm64).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INSTANCE_LAYOUT, renderPm2Ecosystem } from '@sigma-pli/instance';

/**
 * Run inside the unpacked tarball: the whole app (its database is never reached, pages need none) answers a page
 * and one hashed asset that page references, both from the tarball's `web/`.
 */
const SERVES_PAGES = `
const assert = require('node:assert/strict');
const { readFileSync } = require('node:fs');
const { parseAppEnv } = require('@sigma-pli/config');
const { buildApp } = require('./dist/app.js');
(async () => {
  const page = readFileSync('web/entrar.html', 'utf8');
  const asset = /\\/assets\\/[\\w.-]+-[\\w-]{8}\\.(?:js|css)/.exec(page)?.[0];
  assert.ok(asset, 'web/entrar.html references no hashed asset');
  readFileSync('web' + asset);
  const env = parseAppEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: 'postgres://release-check@127.0.0.1:9/none' });
  const app = await buildApp(env, { logger: false });
  await app.ready();
  const served = await app.inject({ url: '/entrar' });
  assert.equal(served.statusCode, 200, 'GET /entrar');
  assert.equal(served.body, page, 'GET /entrar is not web/entrar.html');
  const file = await app.inject({ url: asset });
  assert.equal(file.statusCode, 200, 'GET ' + asset);
  assert.match(String(file.headers['cache-control']), /immutable/, 'GET ' + asset + ' cache-control');
  await app.close();
})().catch((error) => { console.error(error); process.exit(1); });
`;

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
// `pnpm --filter @sigma-pli/web build` (the release script builds it first).
const webDist = join(appDir, '..', 'web', 'dist');
const pkg = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8'));
const run = (command, args, options = {}) =>
  String(
    execFileSync(command, args, { cwd: appDir, stdio: ['ignore', 'pipe', 'inherit'], ...options }) ?? '',
  ).trim();

for (const required of ['dist/server.js', 'dist/cli.js', 'migrations', '../web/dist/index.html']) {
  if (!existsSync(join(appDir, required))) throw new Error(`${required} is missing: build first`);
}

const commit = run('git', ['rev-parse', '--short=12', 'HEAD']);
const dirty = run('git', ['status', '--porcelain', '--', '.']) !== '';
const name = `sigma-pli-api-${pkg.version}-${commit}${dirty ? '-dirty' : ''}`;
const artifacts = join(appDir, 'artifacts');
const staging = join(artifacts, 'staging', name);
rmSync(staging, { recursive: true, force: true });
mkdirSync(dirname(staging), { recursive: true });

run(
  'pnpm',
  ['--filter', pkg.name, 'deploy', '--prod', '--cpu=x64,arm64', '--os=linux', '--libc=glibc', staging],
  {
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
// pnpm's own bookkeeping is not needed to run the app.
for (const file of ['pnpm-lock.yaml', 'pnpm-workspace.yaml']) rmSync(join(staging, file), { force: true });

// The pages, where the web-pages plugin looks first: `web/` beside the app's `dist/`.
cpSync(webDist, join(staging, 'web'), { recursive: true });

// The same ecosystem the instance boot script writes to /etc/sigma-pli, shipped for reference and manual use.
writeFileSync(
  join(staging, 'ecosystem.config.json'),
  renderPm2Ecosystem({
    script: `${INSTANCE_LAYOUT.currentRelease}/dist/server.js`,
    cwd: INSTANCE_LAYOUT.currentRelease,
    interpreter: 'node',
    envFile: INSTANCE_LAYOUT.appEnvFile,
    logFiles: { out: INSTANCE_LAYOUT.appLog, error: INSTANCE_LAYOUT.appErrorLog },
  }),
);
writeFileSync(
  join(staging, 'RELEASE.json'),
  `${JSON.stringify({ name: pkg.name, version: pkg.version, commit, dirty, builtAt: new Date().toISOString(), entry: 'dist/server.js', migrate: ['dist/cli.js', 'migrate'] }, null, 2)}\n`,
);

const tarball = join(artifacts, `${name}.tar.gz`);
run('tar', ['-czf', tarball, '-C', staging, '.']);
rmSync(join(artifacts, 'staging'), { recursive: true, force: true });

// Smoke check: the tarball runs on its own (the CLI loads every production dependency the server needs).
const check = join(artifacts, 'check');
rmSync(check, { recursive: true, force: true });
mkdirSync(check, { recursive: true });
run('tar', ['-xzf', tarball, '-C', check]);
run(
  process.execPath,
  ['-e', "require('./dist/app.js'); require('./dist/admin.js'); require('@node-rs/argon2')"],
  {
    cwd: check,
  },
);
run(process.execPath, ['-e', SERVES_PAGES], { cwd: check });
rmSync(check, { recursive: true, force: true });

const size = (Number(run('stat', ['-c', '%s', tarball])) / 1024 / 1024).toFixed(1);
process.stdout.write(`${tarball} (${size} MiB)\n`);
