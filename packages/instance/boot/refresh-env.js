'use strict';
// Builds the app's environment file on an instance: the stage's public environment, plus the connection URLs
// and other values made from Secrets Manager secrets (read with the instance role through the AWS CLI).
// Runs at boot and on a timer (rotated passwords); prints `changed` or `unchanged`. Secret values stay in this
// process and in the 0600 output file: they are never printed, logged or passed on a command line.
// Plain CommonJS with no dependencies: the user data installs it next to the namespaced Node.js binary.

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');

/** `KEY=value` lines (raw value up to the end of the line); blank lines and `#` comments skipped. */
function parseKeyValueLines(text) {
  const values = {};
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const equals = line.indexOf('=');
    if (equals <= 0) throw new Error(`Malformed line (expected KEY=value): ${line.slice(0, 40)}`);
    values[line.slice(0, equals)] = line.slice(equals + 1);
  }
  return values;
}

/** `user:password@host:port` style URL; every credential part percent-encoded (passwords hold any character). */
function connectionUrl(scheme, credentials, host, port, path) {
  const user = credentials.username === undefined ? '' : encodeURIComponent(credentials.username);
  const auth = `${user}:${encodeURIComponent(credentials.password)}@`;
  return `${scheme}://${auth}${host}:${port}${path}`;
}

function parseJsonSecret(name, text) {
  try {
    const value = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value;
  } catch {
    // reported below without echoing the value
  }
  throw new Error(`Secret ${name} is not a JSON object`);
}

/** A secret holding a JSON object of app variables; empty, `{}` or without a value until an operator fills it. */
function readVariablesSecret(name, arn, readSecret) {
  const text = (readSecret(arn) ?? '').trim();
  return text === '' || text === '{}' ? {} : parseJsonSecret(name, text);
}

/**
 * The app's environment. `boot` is the boot config (endpoints, secret ARNs), `publicEnv` the stage's non-secret
 * variables, `readSecret(arn)` returns a secret's current string and `readSecret(arn, 'AWSPREVIOUS')` the one
 * before it (undefined when the secret has no such version); `warn(message)` reports skipped variables (names only, never values).
 * Only names in `boot.APP_ENV_NAMES` are emitted.
 */
function buildAppEnv(
  boot,
  publicEnv,
  readSecret,
  warn = (message) => process.stderr.write(`refresh-env: ${message}\n`),
) {
  const allowed = new Set((boot.APP_ENV_NAMES || '').split(',').filter(Boolean));
  const env = { ...publicEnv };

  if (!boot.DATABASE_SECRET_ARN) throw new Error('DATABASE_SECRET_ARN is missing from the boot config');
  const database = parseJsonSecret('DATABASE_SECRET_ARN', readSecret(boot.DATABASE_SECRET_ARN) ?? '');
  if (typeof database.username !== 'string' || typeof database.password !== 'string') {
    throw new Error('Secret DATABASE_SECRET_ARN lacks the string fields username and password');
  }
  const databasePath = `/${encodeURIComponent(boot.DATABASE_NAME)}`;
  env.DATABASE_URL = connectionUrl(
    'postgresql',
    database,
    boot.DATABASE_HOST,
    boot.DATABASE_PORT,
    databasePath,
  );
  if (boot.DATABASE_READ_HOST) {
    env.DATABASE_READ_URL = connectionUrl(
      'postgresql',
      database,
      boot.DATABASE_READ_HOST,
      boot.DATABASE_PORT,
      databasePath,
    );
  }
  if (boot.DATABASE_CA_FILE && fs.existsSync(boot.DATABASE_CA_FILE))
    env.DATABASE_CA_FILE = boot.DATABASE_CA_FILE;

  if (boot.REDIS_HOST) {
    const scheme = boot.REDIS_TLS === 'false' ? 'redis' : 'rediss';
    const base = `${scheme}://${boot.REDIS_HOST}:${boot.REDIS_PORT}`;
    // The ElastiCache auth token secret holds the bare token.
    env.REDIS_URL = boot.REDIS_AUTH_SECRET_ARN
      ? connectionUrl(
          scheme,
          { password: readSecret(boot.REDIS_AUTH_SECRET_ARN).trim() },
          boot.REDIS_HOST,
          boot.REDIS_PORT,
          '',
        )
      : base;
  }

  // The admin bootstrap secret is a JSON object of app variables (SIGMA_ADMIN_EMAIL, SIGMA_ADMIN_PASSWORD);
  // an operator may leave it empty until needed.
  if (boot.ADMIN_BOOTSTRAP_SECRET_ARN) {
    const admin = readVariablesSecret(
      'ADMIN_BOOTSTRAP_SECRET_ARN',
      boot.ADMIN_BOOTSTRAP_SECRET_ARN,
      readSecret,
    );
    for (const [name, value] of Object.entries(admin)) {
      if (!allowed.has(name))
        throw new Error(`Secret ADMIN_BOOTSTRAP_SECRET_ARN holds ${name}, not an app variable`);
      env[name] = String(value);
    }
  }

  // The generated session-signing key; its previous version (kept by Secrets Manager after a rotation) still
  // verifies the cookies it signed until it is rotated out in turn.
  if (boot.SESSION_SECRET_ARN) {
    const current = readSecret(boot.SESSION_SECRET_ARN);
    if (!current) throw new Error('Secret SESSION_SECRET_ARN has no value');
    env.SESSION_SECRET = current;
    const previous = readSecret(boot.SESSION_SECRET_ARN, 'AWSPREVIOUS');
    if (previous && previous !== env.SESSION_SECRET) env.SESSION_SECRET_PREVIOUS = previous;
  }

  // Operator-filled third-party settings (SMTP_URL, …): they add app variables, never replace one the stage or
  // the instance sets; anything else is skipped and reported by name.
  if (boot.INTEGRATIONS_SECRET_ARN) {
    const integrations = readVariablesSecret(
      'INTEGRATIONS_SECRET_ARN',
      boot.INTEGRATIONS_SECRET_ARN,
      readSecret,
    );
    for (const [name, value] of Object.entries(integrations)) {
      if (!allowed.has(name)) warn(`INTEGRATIONS_SECRET_ARN: skipped ${name} (not an app variable)`);
      else if (name in env)
        warn(`INTEGRATIONS_SECRET_ARN: skipped ${name} (set by the stage or the instance)`);
      else env[name] = String(value);
    }
  }

  for (const name of Object.keys(env)) {
    if (!allowed.has(name)) throw new Error(`${name} is not an app environment variable`);
  }
  return env;
}

/** An env file Node's `--env-file` reads back exactly: plain values bare, others single-quoted. */
function formatEnvFile(env) {
  const lines = Object.keys(env)
    .sort()
    .map((name) => {
      const value = env[name];
      if (/^[\w.,:/@%+=?&*~-]*$/.test(value)) return `${name}=${value}`;
      if (!/['\n\r]/.test(value)) return `${name}='${value}'`;
      throw new Error(`${name} holds a quote or a line break, which an env file cannot carry`);
    });
  return `${lines.join('\n')}\n`;
}

/**
 * Secrets through the AWS CLI (preinstalled on Amazon Linux 2023), the output captured, never shown. A missing
 * version reads as undefined: an operator-filled secret not put yet, or AWSPREVIOUS of a secret never rotated.
 */
function awsSecretReader(region) {
  return (arn, versionStage) => {
    const args = ['secretsmanager', 'get-secret-value', '--region', region, '--secret-id', arn];
    if (versionStage) args.push('--version-stage', versionStage);
    args.push('--query', 'SecretString', '--output', 'text');
    try {
      return execFileSync('aws', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).replace(
        /\n$/,
        '',
      );
    } catch (error) {
      // The CLI's error text names the secret and the failure, never a value.
      const message = String(error.stderr || '');
      if (message.includes('ResourceNotFoundException')) return undefined;
      process.stderr.write(message);
      throw error;
    }
  };
}

/** Writes `content` to `file` (mode 0600, owned by `owner`) atomically; true when it changed. */
function writeIfChanged(file, content, owner) {
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === content) return false;
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, content, { mode: 0o600 });
  if (owner) {
    const id = (flag) => Number(execFileSync('id', [flag, owner], { encoding: 'utf8' }).trim());
    fs.chownSync(temporary, id('-u'), id('-g'));
  }
  fs.renameSync(temporary, file);
  return true;
}

function main(argv) {
  const option = (name, fallback) => {
    const index = argv.indexOf(`--${name}`);
    return index === -1 ? fallback : argv[index + 1];
  };
  const boot = parseKeyValueLines(fs.readFileSync(option('boot-config', '/etc/sigma-pli/boot.conf'), 'utf8'));
  const publicEnv = parseKeyValueLines(
    fs.readFileSync(option('public-env', '/etc/sigma-pli/public.env'), 'utf8'),
  );
  const env = buildAppEnv(boot, publicEnv, awsSecretReader(boot.REGION));
  const changed = writeIfChanged(
    option('out', '/etc/sigma-pli/app.env'),
    formatEnvFile(env),
    option('owner'),
  );
  process.stdout.write(changed ? 'changed\n' : 'unchanged\n');
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`refresh-env: ${error.message}\n`);
    process.exit(1);
  }
}

module.exports = { parseKeyValueLines, buildAppEnv, formatEnvFile, writeIfChanged };
