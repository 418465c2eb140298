import { type Static, Type } from '@sinclair/typebox';

const Region = Type.String({ pattern: '^[a-z]{2}(-[a-z]+)+-\\d$' });
const Hostname = Type.String({
  pattern: '^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$',
});

/** Settings shared by every stage of one AWS account / Cloudflare zone. */
export const AccountSettingsSchema = Type.Object(
  {
    project: Type.String({ pattern: '^[a-z][a-z0-9-]{1,20}$' }),
    /** Default region of the stages (the architecture's deployment is in us-east-1). */
    region: Region,
    /** Cloudflare zone apex, e.g. `sigma-pli.com.br`. */
    domain: Hostname,
    /** Host name users open; the apex redirects to it when `apexRedirect` is on. */
    appHostname: Hostname,
    apexRedirect: Type.Boolean(),
    cloudflare: Type.Object(
      {
        zoneId: Type.String({ pattern: '^[0-9a-f]{32}$' }),
        plan: Type.Union([Type.Literal('free'), Type.Literal('pro'), Type.Literal('business')]),
      },
      { additionalProperties: false },
    ),
    state: Type.Object(
      {
        /** S3 bucket of the Terraform state, created by the `sigma-pli-bootstrap` stack. */
        bucket: Type.String({ pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$' }),
        region: Region,
      },
      { additionalProperties: false },
    ),
    /** Account-level bucket of app release tarballs (built once per commit, promoted through the stages). */
    releaseBucket: Type.String({ pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$' }),
    /** `owner/name` of the GitHub repository trusted by the deployment roles. */
    githubRepository: Type.String({ pattern: '^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$' }),
    /** Where alarm notifications are e-mailed; no subscription when absent. */
    alarmEmail: Type.Optional(Type.String({ pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$' })),
  },
  { additionalProperties: false },
);
export type AccountSettings = Static<typeof AccountSettingsSchema>;

/** Placeholders that synthesize offline; a real deployment sets its own through the environment or a file. */
export const DEFAULT_ACCOUNT_SETTINGS: AccountSettings = {
  project: 'sigma-pli',
  region: 'us-east-1',
  domain: 'sigma-pli.example.com',
  appHostname: 'www.sigma-pli.example.com',
  apexRedirect: true,
  cloudflare: { zoneId: '0'.repeat(32), plan: 'free' },
  state: { bucket: 'sigma-pli-terraform-state', region: 'us-east-1' },
  releaseBucket: 'sigma-pli-releases',
  githubRepository: 'sigma-pli/platform',
};

/** Environment variables that set account settings, and where each lands. */
export const ACCOUNT_ENVIRONMENT: Readonly<Record<string, readonly string[]>> = {
  SIGMA_PROJECT: ['project'],
  SIGMA_REGION: ['region'],
  SIGMA_DOMAIN: ['domain'],
  SIGMA_APP_HOSTNAME: ['appHostname'],
  SIGMA_APEX_REDIRECT: ['apexRedirect'],
  SIGMA_CLOUDFLARE_ZONE_ID: ['cloudflare', 'zoneId'],
  SIGMA_CLOUDFLARE_PLAN: ['cloudflare', 'plan'],
  SIGMA_STATE_BUCKET: ['state', 'bucket'],
  SIGMA_STATE_REGION: ['state', 'region'],
  SIGMA_RELEASE_BUCKET: ['releaseBucket'],
  SIGMA_GITHUB_REPOSITORY: ['githubRepository'],
  SIGMA_ALARM_EMAIL: ['alarmEmail'],
};
