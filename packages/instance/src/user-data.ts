import { readFileSync } from 'node:fs';
import path from 'node:path';
import { APP_ENV_NAMES, type AppEnv, type INSTANCE_SECRET_REFERENCES } from '@sigma-pli/config';
import { type InstanceLogGroups, renderCloudWatchAgentConfig } from './cloudwatch-agent';
import {
  APP_PORT,
  APP_PROCESS_NAME,
  DEFAULT_BODY_LIMIT_BYTES,
  INSTANCE_LAYOUT,
  NGINX_PORT,
  PM2_VERSION,
} from './constants';
import { EC2_NGINX_PATHS, renderNginxConfig } from './nginx';
import { renderPm2Ecosystem } from './pm2';
import { TerraformTemplate } from './terraform-template';

export type SecretReferenceName = keyof typeof INSTANCE_SECRET_REFERENCES;

/**
 * Everything the boot script needs. String values may be Terraform tokens: they are placed verbatim, never parsed.
 * Hosts are bare addresses (RDS `address`, not `endpoint`).
 */
export interface UserDataOptions {
  project: string;
  stageName: string;
  region: string;
  /** Node.js major from the stage (`compute.nodeMajor`). */
  nodeMajor: number;
  /** Architecture of the AMI the launch template resolves; the boot stops if the machine disagrees. */
  architecture: 'x86_64' | 'arm64';
  releaseBucket: string;
  /** SSM parameter whose value is the S3 key of the release tarball the stage runs. */
  releaseParameterName: string;
  /** Non-secret app environment of the stage (names from APP_ENV_NAMES). */
  environment: Record<string, string>;
  /** Secrets Manager ARNs; the boot script reads them with the instance role. */
  secretReferences: Partial<Record<SecretReferenceName, string>>;
  database: { host: string; port: string | number; name: string; readHost?: string };
  redis?: { host: string; port: string | number; tls?: boolean };
  logGroups: InstanceLogGroups;
  /** The ALB's addresses: Nginx trusts X-Forwarded-For from these only. */
  vpcCidr: string;
  bodyLimitBytes?: number;
  /** Layout of the release tarball (paths relative to its root). */
  release?: { entry?: string; migrateArgs?: readonly string[]; stripComponents?: number };
  maxMemoryRestart?: string;
  /** Launch lifecycle hook to complete (CONTINUE when ready, ABANDON on failure), when the group has one. */
  launchLifecycleHook?: { name: string; autoScalingGroupName: string };
}

/** Variables the instance sets itself or builds from secrets: a stage may not set them in `environment`. */
const INSTANCE_OWNED_ENV: ReadonlySet<string> = new Set<keyof AppEnv>([
  'STAGE',
  'HOST',
  'PORT',
  'BODY_LIMIT_BYTES',
  'DATABASE_URL',
  'DATABASE_READ_URL',
  'DATABASE_CA_FILE',
  'REDIS_URL',
  'SIGMA_ADMIN_EMAIL',
  'SIGMA_ADMIN_PASSWORD',
  'SESSION_SECRET',
  'SESSION_SECRET_PREVIOUS',
]);

const RDS_CA_BUNDLE_URL = 'https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem';

const REFRESH_ENV_SOURCE = path.join(__dirname, '..', 'boot', 'refresh-env.js');

function checkEnvironment(environment: Record<string, string>): void {
  const names = new Set<string>(APP_ENV_NAMES);
  for (const name of Object.keys(environment)) {
    if (!names.has(name))
      throw new Error(`environment.${name} is not an app environment variable (APP_ENV_NAMES)`);
    if (INSTANCE_OWNED_ENV.has(name)) {
      throw new Error(`environment.${name} is set by the instance itself (from its layout or from secrets)`);
    }
  }
}

/** A file written by a quoted heredoc (no shell expansion inside), then moved into place with mode and owner. */
function fileBlock(target: string, mode: string, owner: string, content: string): string {
  const delimiter = 'SIGMA_PLI_FILE_END';
  if (content.split('\n').includes(delimiter)) throw new Error(`${target} contains the heredoc delimiter`);
  const body = content.endsWith('\n') ? content : `${content}\n`;
  return `write_file ${target} ${mode} ${owner} <<'${delimiter}'\n${body}${delimiter}\n`;
}

function keyValueLines(values: Record<string, string | undefined>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `${name}=${value}`)
    .join('\n');
}

function systemdUnits(nodeBinary: string): Record<string, string> {
  const pm2 = `${nodeBinary} ${INSTANCE_LAYOUT.pm2Prefix}/lib/node_modules/pm2/bin/pm2`;
  const L = INSTANCE_LAYOUT;
  return {
    'sigma-pli-app.service': `[Unit]
Description=SIGMA-PLI API under PM2 (cluster mode)
After=network-online.target
Wants=network-online.target

[Service]
Type=forking
User=${L.appUser}
Group=${L.appUser}
Environment=PM2_HOME=${L.pm2Home}
Environment=PATH=/usr/local/bin:/usr/bin:/bin
LimitNOFILE=65536
PIDFile=${L.pm2Home}/pm2.pid
ExecStart=${pm2} start ${L.ecosystemFile}
ExecReload=${pm2} reload ${L.ecosystemFile}
ExecStop=${pm2} kill
Restart=on-failure
RestartSec=5

[Install]
WantedBy=multi-user.target
`,
    'sigma-pli-refresh-env.service': `[Unit]
Description=SIGMA-PLI: re-read the app secrets (rotated passwords) and reload the app when they changed

[Service]
Type=oneshot
ExecStart=${L.helperDir}/refresh-env.sh
`,
    'sigma-pli-refresh-env.timer': `[Unit]
Description=SIGMA-PLI: periodic secret refresh

[Timer]
OnBootSec=10min
OnUnitActiveSec=10min
RandomizedDelaySec=60

[Install]
WantedBy=timers.target
`,
  };
}

/**
 * The instance's user data: a bash script run once by cloud-init on Amazon Linux 2023. It installs Node.js (the
 * AL2023 `nodejs<major>` package), PM2, Nginx and the CloudWatch agent; writes the generated configs; installs the
 * release named by the SSM parameter; builds the app's env file from Secrets Manager; runs the migrations; starts
 * the PM2 cluster and waits until `/health/ready` answers through Nginx.
 *
 * The result is a Terraform template string (literal `${`/`%{` escaped, option values verbatim): put it in a plain
 * string such as a `TerraformLocal` and encode it with `Fn.base64gzip(local.asString)` — about 25 KB raw, over
 * EC2's 16 KB user-data limit, about 8 KB gzipped (cloud-init inflates it). Do not pass the text itself to
 * `Fn.*` (CDKTF re-escapes function arguments and rejects quotes). It contains no secret.
 */
export function renderUserData(options: UserDataOptions): string {
  checkEnvironment(options.environment);
  const template = new TerraformTemplate();
  const v = (raw: string | number) => template.value(raw);
  const L = INSTANCE_LAYOUT;
  const nodeBinary = `/usr/bin/node-${options.nodeMajor}`;
  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const release = {
    entry: options.release?.entry ?? 'dist/server.js',
    migrateArgs: options.release?.migrateArgs ?? ['dist/cli.js', 'migrate'],
    stripComponents: options.release?.stripComponents ?? 0,
  };
  const hook = options.launchLifecycleHook;

  const bootConfig = keyValueLines({
    PROJECT: v(options.project),
    STAGE: v(options.stageName),
    REGION: v(options.region),
    RELEASE_BUCKET: v(options.releaseBucket),
    RELEASE_PARAMETER: v(options.releaseParameterName),
    DATABASE_HOST: v(options.database.host),
    DATABASE_PORT: v(options.database.port),
    DATABASE_NAME: v(options.database.name),
    DATABASE_READ_HOST: options.database.readHost === undefined ? undefined : v(options.database.readHost),
    DATABASE_CA_FILE: L.rdsCaBundle,
    REDIS_HOST: options.redis ? v(options.redis.host) : undefined,
    REDIS_PORT: options.redis ? v(options.redis.port) : undefined,
    REDIS_TLS: options.redis ? String(options.redis.tls ?? true) : undefined,
    ...Object.fromEntries(
      Object.entries(options.secretReferences).map(([name, arn]) => [
        name,
        arn === undefined ? undefined : v(arn),
      ]),
    ),
    LIFECYCLE_HOOK: hook ? v(hook.name) : undefined,
    AUTO_SCALING_GROUP: hook ? v(hook.autoScalingGroupName) : undefined,
    APP_ENV_NAMES: APP_ENV_NAMES.join(','),
  });
  const publicEnv = keyValueLines({
    NODE_ENV: 'production',
    TRUST_PROXY_HOPS: '1',
    AWS_REGION: v(options.region),
    STAGE: v(options.stageName),
    ...Object.fromEntries(Object.entries(options.environment).map(([name, value]) => [name, v(value)])),
    HOST: '127.0.0.1',
    PORT: String(APP_PORT),
    BODY_LIMIT_BYTES: String(bodyLimit),
  });

  const nginxConfig = renderNginxConfig({
    paths: EC2_NGINX_PATHS,
    user: 'nginx',
    listen: { port: NGINX_PORT },
    upstream: { host: '127.0.0.1', port: APP_PORT },
    realIpFrom: [v(options.vpcCidr)],
    clientMaxBodyBytes: bodyLimit,
  });
  const ecosystem = renderPm2Ecosystem({
    script: `${L.currentRelease}/${release.entry}`,
    cwd: L.currentRelease,
    interpreter: nodeBinary,
    envFile: L.appEnvFile,
    instances: 'max',
    logFiles: { out: L.appLog, error: L.appErrorLog },
    ...(options.maxMemoryRestart ? { maxMemoryRestart: options.maxMemoryRestart } : {}),
  });
  const cloudWatchConfig = renderCloudWatchAgentConfig({
    logGroups: {
      app: v(options.logGroups.app),
      nginxAccess: v(options.logGroups.nginxAccess),
      nginxError: v(options.logGroups.nginxError),
      system: v(options.logGroups.system),
    },
  });
  const refreshScript = `#!/bin/sh
# Re-reads the app secrets; reloads the PM2 cluster (workers replaced one by one) when the environment changed.
set -eu
result=$(${nodeBinary} ${L.helperDir}/refresh-env.js --owner ${L.appUser})
if [ "$result" = changed ] && systemctl is-active --quiet sigma-pli-app.service; then
  systemctl reload sigma-pli-app.service
fi
`;

  const files = [
    fileBlock(L.bootConfigFile, '0640', 'root', bootConfig),
    fileBlock(L.publicEnvFile, '0640', 'root', publicEnv),
    fileBlock('/etc/nginx/nginx.conf', '0644', 'root', nginxConfig),
    fileBlock(L.ecosystemFile, '0644', 'root', ecosystem),
    fileBlock(L.cloudWatchAgentConfig, '0644', 'root', cloudWatchConfig),
    fileBlock(`${L.helperDir}/refresh-env.js`, '0755', 'root', readFileSync(REFRESH_ENV_SOURCE, 'utf8')),
    fileBlock(`${L.helperDir}/refresh-env.sh`, '0755', 'root', refreshScript),
    ...Object.entries(systemdUnits(nodeBinary)).map(([name, unit]) =>
      fileBlock(`/etc/systemd/system/${name}`, '0644', 'root', unit),
    ),
  ];
  const pm2Bin = `${nodeBinary} ${L.pm2Prefix}/lib/node_modules/pm2/bin/pm2`;
  const migrate = [nodeBinary, `--env-file=${L.appEnvFile}`, ...release.migrateArgs].join(' ');

  const script = `#!/bin/bash
# SIGMA-PLI instance boot, generated by @sigma-pli/instance (renderUserData). It holds no secret: the app's
# secrets are read from Secrets Manager at boot into ${L.appEnvFile} (mode 0600, app user only).
set -euo pipefail
umask 022
install -d -m 0755 ${L.logDir}
exec > >(tee -a ${L.bootLog}) 2>&1
echo "sigma-pli boot: start $(date -u +%Y-%m-%dT%H:%M:%SZ)"

boot_value() { sed -n "s/^$1=//p" ${L.bootConfigFile} | head -n 1; }

imds() {
  local token
  token=$(curl -fsS -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' http://169.254.169.254/latest/api/token)
  curl -fsS -H "X-aws-ec2-metadata-token: $token" "http://169.254.169.254/latest/meta-data/$1"
}

# Tells the Auto Scaling group the outcome when it waits on a launch lifecycle hook.
complete_lifecycle() {
  local hook
  hook=$(boot_value LIFECYCLE_HOOK)
  [ -n "$hook" ] || return 0
  aws autoscaling complete-lifecycle-action --region "$(boot_value REGION)" --lifecycle-hook-name "$hook" \\
    --auto-scaling-group-name "$(boot_value AUTO_SCALING_GROUP)" --instance-id "$(imds instance-id)" \\
    --lifecycle-action-result "$1"
}

on_error() {
  echo "sigma-pli boot: FAILED at line $1"
  complete_lifecycle ABANDON || true
}
trap 'on_error $LINENO' ERR

write_file() {
  local target=$1 mode=$2 owner=$3
  install -d -m 0755 "$(dirname "$target")"
  cat > "$target.tmp"
  chmod "$mode" "$target.tmp"
  chown "$owner:$owner" "$target.tmp"
  mv -f "$target.tmp" "$target"
}

case "$(uname -m)" in
  aarch64) machine=arm64 ;;
  x86_64) machine=x86_64 ;;
  *) machine=$(uname -m) ;;
esac
if [ "$machine" != ${options.architecture} ]; then
  echo "sigma-pli boot: this machine is $machine but the stage expects ${options.architecture}"
  false
fi

# Node.js from the AL2023 repositories: signed by AWS, served from S3 (reachable through the S3 gateway
# endpoint), patched with the OS. The namespaced binary is used everywhere so the version cannot drift.
dnf install -y --setopt=install_weak_deps=False nginx amazon-cloudwatch-agent nodejs${options.nodeMajor} nodejs${options.nodeMajor}-npm
alternatives --set node ${nodeBinary}
npm-${options.nodeMajor} install --global --prefix ${L.pm2Prefix} --no-audit --no-fund pm2@${PM2_VERSION}

id -u ${L.appUser} >/dev/null 2>&1 || useradd --system --home-dir /var/lib/sigma-pli --shell /sbin/nologin ${L.appUser}
install -d -m 0750 -o ${L.appUser} -g ${L.appUser} /var/lib/sigma-pli ${L.pm2Home}
install -d -m 0755 -o ${L.appUser} -g ${L.appUser} ${L.logDir}
install -d -m 0755 ${L.configDir} ${L.releasesDir} ${L.helperDir}
install -d -m 0700 -o nginx -g nginx ${EC2_NGINX_PATHS.proxyCacheDir} ${EC2_NGINX_PATHS.tempDir}

${files.join('\n')}
# The release the stage runs: its S3 key is the SSM parameter's value (the deploy workflow moves it).
release_key=$(aws ssm get-parameter --region "$(boot_value REGION)" --name "$(boot_value RELEASE_PARAMETER)" --query Parameter.Value --output text)
release_dir=${L.releasesDir}/$(basename "$release_key" .tar.gz)
aws s3 cp --region "$(boot_value REGION)" --only-show-errors "s3://$(boot_value RELEASE_BUCKET)/$release_key" /tmp/sigma-pli-release.tar.gz
install -d -m 0755 "$release_dir"
tar -xzf /tmp/sigma-pli-release.tar.gz -C "$release_dir" --strip-components=${release.stripComponents} --no-same-owner
rm -f /tmp/sigma-pli-release.tar.gz
ln -sfn "$release_dir" ${L.currentRelease}
echo "sigma-pli boot: release $release_key"

# TLS to RDS is verified against Amazon's CA bundle.
curl -fsSL --retry 5 -o ${L.rdsCaBundle} ${RDS_CA_BUNDLE_URL}
chmod 0644 ${L.rdsCaBundle}

${L.helperDir}/refresh-env.sh

nginx -t
systemctl enable --now nginx
/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:${L.cloudWatchAgentConfig}

# Migrations: the runner takes a PostgreSQL advisory lock, so instances booting together apply them one at a time.
(cd ${L.currentRelease} && runuser -u ${L.appUser} -- ${migrate})

systemctl daemon-reload
systemctl enable --now sigma-pli-app.service sigma-pli-refresh-env.timer
echo "sigma-pli boot: ${APP_PROCESS_NAME} started under PM2 (${pm2Bin})"

for attempt in $(seq 1 90); do
  if curl -fsS -o /dev/null http://127.0.0.1:${NGINX_PORT}/health/ready; then break; fi
  echo "sigma-pli boot: waiting for /health/ready ($attempt)"
  sleep 2
done
curl -fsS -o /dev/null http://127.0.0.1:${NGINX_PORT}/health/ready
complete_lifecycle CONTINUE
echo "sigma-pli boot: ready $(date -u +%Y-%m-%dT%H:%M:%SZ)"
`;
  return template.render(script);
}
