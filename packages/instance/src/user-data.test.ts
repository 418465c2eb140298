import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { APP_ENV_NAMES } from '@sigma-pli/config';
import { describe, expect, it } from 'vitest';
import { PM2_VERSION } from './constants';
import { terraformTemplateToText } from './terraform-template';
import { renderUserData, type UserDataOptions } from './user-data';

const ARN = (name: string) =>
  `arn:aws:secretsmanager:us-east-1:123456789012:secret:sigma-pli/growth/${name}-AbCdEf`;

const options: UserDataOptions = {
  project: 'sigma-pli',
  stageName: 'growth',
  region: 'us-east-1',
  nodeMajor: 24,
  architecture: 'x86_64',
  releaseBucket: 'sigma-pli-releases',
  releaseParameterName: '/sigma-pli/growth/release',
  environment: {
    PUBLIC_URL: 'https://www.sigma-pli.example.com',
    LOG_LEVEL: 'info',
    MAIL_FROM: 'SIGMA <no@example.com>',
  },
  secretReferences: {
    DATABASE_SECRET_ARN: ARN('database'),
    REDIS_AUTH_SECRET_ARN: ARN('redis-auth'),
    ADMIN_BOOTSTRAP_SECRET_ARN: ARN('admin-bootstrap'),
    SESSION_SECRET_ARN: ARN('session-signing'),
    INTEGRATIONS_SECRET_ARN: ARN('integrations'),
  },
  database: {
    host: 'sigma-pli-growth.abcdefghijkl.us-east-1.rds.amazonaws.com',
    port: 5432,
    name: 'sigma_pli',
    readHost: 'sigma-pli-growth-replica.abcdefghijkl.us-east-1.rds.amazonaws.com',
  },
  redis: { host: 'master.sigma-pli-growth.abcdef.use1.cache.amazonaws.com', port: 6379 },
  logGroups: {
    app: '/sigma-pli/growth/app',
    nginxAccess: '/sigma-pli/growth/nginx/access',
    nginxError: '/sigma-pli/growth/nginx/error',
    system: '/sigma-pli/growth/system',
  },
  vpcCidr: '10.20.0.0/16',
  launchLifecycleHook: { name: 'sigma-pli-growth-launch', autoScalingGroupName: 'sigma-pli-growth-app' },
};

const template = renderUserData(options);
/** What the instance runs once Terraform has rendered the template (all values above are plain strings). */
const script = terraformTemplateToText(template);

/** The content of the file the script writes to `target`. */
function writtenFile(target: string): string {
  const start = script.indexOf(`write_file ${target} `);
  expect(start, `no write_file for ${target}`).toBeGreaterThan(-1);
  const bodyStart = script.indexOf('\n', start) + 1;
  return script.slice(bodyStart, script.indexOf('\nSIGMA_PLI_FILE_END\n', bodyStart) + 1);
}

describe('renderUserData', () => {
  it('is a bash script that bash parses', () => {
    expect(script.startsWith('#!/bin/bash\n')).toBe(true);
    const check = spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('installs Node.js of the stage major from AL2023, PM2 pinned, Nginx and the CloudWatch agent', () => {
    expect(script).toMatch(/dnf install -y .*nginx amazon-cloudwatch-agent nodejs24 nodejs24-npm/);
    expect(script).toContain('alternatives --set node /usr/bin/node-24');
    expect(script).toContain(`pm2@${PM2_VERSION}`);
    expect(terraformTemplateToText(renderUserData({ ...options, nodeMajor: 22 }))).toContain('nodejs22-npm');
  });

  it('stops when the machine architecture differs from the stage', () => {
    expect(script).toContain('if [ "$machine" != x86_64 ]; then');
    expect(terraformTemplateToText(renderUserData({ ...options, architecture: 'arm64' }))).toContain(
      'if [ "$machine" != arm64 ]; then',
    );
  });

  it('writes the generated Nginx, PM2 and CloudWatch agent configs', () => {
    const nginx = writtenFile('/etc/nginx/nginx.conf');
    expect(nginx).toContain('set_real_ip_from 10.20.0.0/16;');
    expect(nginx).toContain('listen 80 default_server;');
    const ecosystem = JSON.parse(writtenFile('/etc/sigma-pli/ecosystem.config.json'));
    expect(ecosystem.apps[0]).toMatchObject({
      exec_mode: 'cluster',
      instances: 'max',
      interpreter: '/usr/bin/node-24',
      script: '/opt/sigma-pli/current/dist/server.js',
      node_args: ['--env-file=/etc/sigma-pli/app.env'],
    });
    const agent = JSON.parse(writtenFile('/opt/aws/amazon-cloudwatch-agent/etc/sigma-pli.json'));
    expect(agent.metrics.append_dimensions.InstanceId).toBe('${aws:InstanceId}');
    expect(
      agent.logs.logs_collected.files.collect_list.map(
        (entry: { log_group_name: string }) => entry.log_group_name,
      ),
    ).toContain('/sigma-pli/growth/nginx/access');
  });

  it('escapes literal template syntax for Terraform and keeps option values verbatim', () => {
    expect(template).toContain('$${aws:InstanceId}');
    const tokens = renderUserData({
      ...options,
      database: { ...options.database, host: '${TfToken[TOKEN.7]}' },
      vpcCidr: '${TfToken[TOKEN.8]}',
    });
    expect(tokens).toContain('DATABASE_HOST=${TfToken[TOKEN.7]}\n');
    expect(tokens).toContain('set_real_ip_from ${TfToken[TOKEN.8]};');
    // Outside the values, every ${ and %{ is escaped.
    const withoutTokens = tokens.replaceAll('${TfToken[TOKEN.7]}', '').replaceAll('${TfToken[TOKEN.8]}', '');
    expect(withoutTokens.replaceAll('$${', '')).not.toContain('${');
    expect(withoutTokens.replaceAll('%%{', '')).not.toContain('%{');
  });

  it('fetches the release named by the SSM parameter from the release bucket', () => {
    expect(writtenFile('/etc/sigma-pli/boot.conf')).toContain(
      'RELEASE_PARAMETER=/sigma-pli/growth/release\n',
    );
    expect(script).toContain(
      'aws ssm get-parameter --region "$(boot_value REGION)" --name "$(boot_value RELEASE_PARAMETER)"',
    );
    expect(script).toContain('"s3://$(boot_value RELEASE_BUCKET)/$release_key"');
  });

  it('passes secret ARNs and endpoints only, and builds the env file at boot with mode 0600', () => {
    const boot = writtenFile('/etc/sigma-pli/boot.conf');
    expect(boot).toContain(`DATABASE_SECRET_ARN=${ARN('database')}\n`);
    expect(boot).toContain(`SESSION_SECRET_ARN=${ARN('session-signing')}\n`);
    expect(boot).toContain(`INTEGRATIONS_SECRET_ARN=${ARN('integrations')}\n`);
    expect(boot).toContain('DATABASE_HOST=sigma-pli-growth.abcdefghijkl.us-east-1.rds.amazonaws.com\n');
    expect(boot).toContain('DATABASE_READ_HOST=');
    expect(boot).toContain('REDIS_TLS=true\n');
    expect(boot).toContain(`APP_ENV_NAMES=${APP_ENV_NAMES.join(',')}\n`);
    const refresh = writtenFile('/usr/local/lib/sigma-pli/refresh-env.js');
    expect(refresh).toContain('mode: 0o600');
    expect(writtenFile('/usr/local/lib/sigma-pli/refresh-env.sh')).toContain('--owner sigma');
    expect(script.indexOf('refresh-env.sh\n\nnginx -t')).toBeGreaterThan(-1);
  });

  it('writes the public environment with instance-owned values, and refuses secrets or unknown names in it', () => {
    const env = writtenFile('/etc/sigma-pli/public.env');
    expect(env).toContain('PUBLIC_URL=https://www.sigma-pli.example.com\n');
    expect(env).toContain('HOST=127.0.0.1\nPORT=3000\nBODY_LIMIT_BYTES=1048576\n');
    expect(env).toContain('NODE_ENV=production\n');
    expect(env).toContain('STAGE=growth\n');
    expect(() => renderUserData({ ...options, environment: { STAGE: 'mvp' } })).toThrow(
      /STAGE is set by the instance/,
    );
    expect(() =>
      renderUserData({ ...options, environment: { DATABASE_URL: 'postgresql://u:p@h/d' } }),
    ).toThrow(/DATABASE_URL is set by the instance/);
    expect(() =>
      renderUserData({ ...options, environment: { SIGMA_ADMIN_PASSWORD: 'x'.repeat(12) } }),
    ).toThrow(/SIGMA_ADMIN_PASSWORD/);
    expect(() =>
      renderUserData({ ...options, environment: { SESSION_SECRET: 'fake-session-secret-0123456789abcdef' } }),
    ).toThrow(/SESSION_SECRET is set by the instance/);
    expect(() => renderUserData({ ...options, environment: { NOT_AN_APP_VAR: '1' } })).toThrow(
      /NOT_AN_APP_VAR/,
    );
  });

  it('runs migrations, starts PM2 under systemd with reload, refreshes secrets on a timer, waits for health', () => {
    expect(script).toContain(
      'runuser -u sigma -- /usr/bin/node-24 --env-file=/etc/sigma-pli/app.env dist/cli.js migrate',
    );
    const unit = writtenFile('/etc/systemd/system/sigma-pli-app.service');
    expect(unit).toContain(
      'ExecReload=/usr/bin/node-24 /opt/sigma-pli/pm2/lib/node_modules/pm2/bin/pm2 reload',
    );
    expect(unit).toContain('User=sigma');
    expect(writtenFile('/etc/systemd/system/sigma-pli-refresh-env.timer')).toContain('OnUnitActiveSec=10min');
    expect(script).toContain('systemctl enable --now sigma-pli-app.service sigma-pli-refresh-env.timer');
    expect(script).toContain(
      'curl -fsS -o /dev/null http://127.0.0.1:80/health/ready\ncomplete_lifecycle CONTINUE',
    );
    expect(script.indexOf('runuser -u sigma')).toBeLessThan(
      script.indexOf('systemctl enable --now sigma-pli-app'),
    );
  });

  it('contains no secret-looking value', () => {
    const secretLooking = [
      /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/, // AWS access key ids
      /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
      /[a-z][a-z0-9+.-]*:\/\/[^\s/:@'"]+:[^\s/@'"]+@/i, // URL with credentials
      /^(?:DATABASE_URL|DATABASE_READ_URL|REDIS_URL|SIGMA_ADMIN_PASSWORD|SIGMA_ADMIN_EMAIL|SESSION_SECRET(?:_PREVIOUS)?|SMTP_URL)=/m,
      /(?:password|passwd|secret|token)\s*[=:]\s*['"]?[A-Za-z0-9+/]{12,}/i,
    ];
    for (const pattern of secretLooking) expect(script, String(pattern)).not.toMatch(pattern);
    // The scan itself recognises a leaked credential.
    expect('postgresql://sigma:hunter2hunter2@db:5432/x').toMatch(secretLooking[2]!);
  });

  it('fits the EC2 user-data limit (16 KiB) when gzipped by Terraform base64gzip', () => {
    expect(gzipSync(script).length).toBeLessThan(16_384);
  });
});
