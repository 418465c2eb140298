/** Port the app listens on (loopback only); Nginx proxies to it. */
export const APP_PORT = 3000;

/** Port Nginx listens on; the ALB target group and health check use it. */
export const NGINX_PORT = 80;

/** PM2 process name of the app, used by `pm2 reload <name>` in deploys and the secret refresh timer. */
export const APP_PROCESS_NAME = 'sigma-pli-api';

/** Request body limit shared by Nginx (`client_max_body_size`) and the app (`BODY_LIMIT_BYTES`). */
export const DEFAULT_BODY_LIMIT_BYTES = 1_048_576;

/** PM2 version installed on the instances and used by the local preview (kept equal to the package's pin). */
export const PM2_VERSION = '7.0.4';

/** Where things live on an instance. One place, so the user data, the configs and the docs agree. */
export const INSTANCE_LAYOUT = {
  appUser: 'sigma',
  configDir: '/etc/sigma-pli',
  /** Environment of the app (secrets included), mode 0600, owned by the app user; read by `node --env-file`. */
  appEnvFile: '/etc/sigma-pli/app.env',
  /** Non-secret values the boot script needs (ARNs, endpoints, bucket), one `KEY=value` per line. */
  bootConfigFile: '/etc/sigma-pli/boot.conf',
  /** Non-secret app environment from the stage, merged into the app env file at boot. */
  publicEnvFile: '/etc/sigma-pli/public.env',
  ecosystemFile: '/etc/sigma-pli/ecosystem.config.json',
  releasesDir: '/opt/sigma-pli/releases',
  currentRelease: '/opt/sigma-pli/current',
  pm2Prefix: '/opt/sigma-pli/pm2',
  pm2Home: '/var/lib/sigma-pli/pm2',
  helperDir: '/usr/local/lib/sigma-pli',
  logDir: '/var/log/sigma-pli',
  appLog: '/var/log/sigma-pli/app.log',
  appErrorLog: '/var/log/sigma-pli/app-error.log',
  bootLog: '/var/log/sigma-pli/boot.log',
  cloudInitLog: '/var/log/cloud-init-output.log',
  rdsCaBundle: '/etc/sigma-pli/rds-global-bundle.pem',
  cloudWatchAgentConfig: '/opt/aws/amazon-cloudwatch-agent/etc/sigma-pli.json',
} as const;
