// Builds the release tarball the instances install: built JS, production dependencies (for both EC2 CPU
// architectures), migrations, the PM2 ecosystem file and a RELEASE.json manifest.
//
//   pnpm --filter @sigma-pli/api release   →   apps/api/artifacts/sigma-pli-api-<version>-<commit>.tar.gz
//
// `pnpm deploy --prod` copies the package with a self-contained node_modules (workspace packages included);
// --cpu/--os/--libc add the native argon2 binary of every instance architecture (t3 = x64, t4g = arm64).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INSTANCE_LAYOUT, renderPm2Ecosystem } from '@sigma-pli/instance';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8'));
const run = (command, args, options = {}) =>
  String(
    execFileSync(command, args, { cwd: appDir, stdio: ['ignore', 'pipe', 'inherit'], ...options }) ?? '',
  ).trim();

for (const required of ['dist/server.js', 'dist/cli.js', 'migrations']) {
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
rmSync(check, { recursive: true, force: true });

const size = (Number(run('stat', ['-c', '%s', tarball])) / 1024 / 1024).toFixed(1);
process.stdout.write(`${tarball} (${size} MiB)\n`);
