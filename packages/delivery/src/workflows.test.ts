import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPlatformConfig } from '@sigma-pli/config';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { actionlint } from './test-support/actionlint';
import { REPO_ROOT } from './test-support/fixtures';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  if?: string;
  id?: string;
}
interface Job {
  permissions?: Record<string, string> | string;
  environment?: string;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  needs?: string | string[];
  if?: string;
  uses?: string;
  with?: Record<string, unknown>;
  steps?: Step[];
  strategy?: { matrix: Record<string, unknown> };
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: unknown;
  jobs: Record<string, Job>;
}

const WORKFLOWS = join(REPO_ROOT, '.github', 'workflows');
const files = readdirSync(WORKFLOWS).filter((file) => file.endsWith('.yml'));
const texts = new Map(files.map((file) => [file, readFileSync(join(WORKFLOWS, file), 'utf8')]));
const text = (file: string) => texts.get(file) ?? '';
const parsed = new Map(files.map((file) => [file, parse(text(file)) as Workflow]));
/** A parsed workflow; tests read it, never change it. */
const workflow = (file: string) => parsed.get(file) as Workflow;
/** A GitHub Actions expression as it appears in workflow YAML. */
const expr = (inner: string) => `\${{ ${inner} }}`;
const stages = loadPlatformConfig({ env: {}, file: {} }).stages.map((stage) => stage.name);
const allJobs = () =>
  files.flatMap((file) => Object.entries(workflow(file).jobs).map(([id, job]) => ({ file, id, job })));
const steps = (job: Job) => job.steps ?? [];
const action = (step: Step) => step.uses?.split('@')[0];
const awsRole = (job: Job) =>
  steps(job).find((step) => action(step) === 'aws-actions/configure-aws-credentials')?.with?.[
    'role-to-assume'
  ];

describe('the GitHub workflows', () => {
  it('are the four the README describes, plus the per-stage apply they share', () => {
    expect(files.sort()).toEqual([
      'apply.yml',
      'ci.yml',
      'deploy-app.yml',
      'plan.yml',
      'terraform-apply.yml',
    ]);
  });

  it('are linted by an actionlint that does report problems', async () => {
    const broken = [
      'on: push',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-24.04',
      '    steps:',
      `      - run: echo "${expr('github.event.pull_request.title')}"`,
      `      - run: echo "${expr('secrets.MISSING.value')}"`,
      '      - uses: actions/checkout@v4',
      '        with: { fetch-depth: 0, no-such-input: 1 }',
    ].join('\n');
    const kinds = (await actionlint(broken, 'broken.yml')).map((finding) => finding.kind);
    expect(kinds).toContain('expression');
    expect(kinds.length).toBeGreaterThanOrEqual(2);
  });

  it.each(files)('%s passes actionlint with no finding', async (file) => {
    const findings = await actionlint(text(file), `.github/workflows/${file}`);
    expect(findings.map((finding) => `${file}:${finding.line}:${finding.column} ${finding.message}`)).toEqual(
      [],
    );
  });

  it('run every step with bash -eo pipefail, so a failure inside a pipe fails the step', () => {
    for (const file of files) {
      expect((workflow(file) as Workflow & { defaults?: unknown }).defaults, file).toEqual({
        run: { shell: 'bash' },
      });
    }
    for (const { file, id, job } of allJobs()) {
      const defaults = (job as Job & { defaults?: { run: { shell?: string } } }).defaults;
      if (defaults) expect(defaults.run.shell, `${file} ${id}`).toBe('bash');
    }
  });

  it('grant nothing by default and give every job explicit permissions', () => {
    for (const file of files) expect(workflow(file).permissions, file).toEqual({});
    for (const { file, id, job } of allJobs()) {
      expect(typeof job.permissions, `${file} ${id}`).toBe('object');
    }
  });

  it('ask for an OIDC token exactly in the jobs that assume an AWS role', () => {
    for (const { file, id, job } of allJobs().filter(({ job }) => job.steps)) {
      const wantsToken = (job.permissions as Record<string, string>)['id-token'] === 'write';
      expect(wantsToken, `${file} ${id}`).toBe(awsRole(job) !== undefined);
    }
  });

  it('pin every third-party action to a full commit SHA, with the release tag beside it', () => {
    const uses = files.flatMap((file) =>
      [...text(file).matchAll(/uses:\s*(\S+)(.*)$/gm)].map((m) => ({
        file,
        ref: m[1] ?? '',
        rest: m[2] ?? '',
      })),
    );
    expect(uses.length).toBeGreaterThan(20);
    for (const { file, ref, rest } of uses.filter(({ ref }) => !ref.startsWith('./'))) {
      expect(ref, file).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
      expect(rest, `${file} ${ref}`).toMatch(/^ # v\d+\.\d+\.\d+$/);
    }
  });

  it('pin each action to one SHA across all workflows', () => {
    const byAction = new Map<string, Set<string>>();
    for (const file of files) {
      for (const [, ref] of text(file).matchAll(/uses:\s*([^./\s][^\s@]*@\S+)/g)) {
        const [name, sha] = (ref ?? '').split('@');
        byAction.set(name ?? '', (byAction.get(name ?? '') ?? new Set()).add(sha ?? ''));
      }
    }
    for (const [name, shas] of byAction) expect(shas.size, name).toBe(1);
  });

  it('install the pinned pnpm (the root packageManager) on Node from .nvmrc with the pnpm cache', () => {
    const packageManager = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).packageManager;
    for (const { file, id, job } of allJobs()) {
      for (const step of steps(job).filter((step) => action(step) === 'pnpm/action-setup')) {
        expect(`pnpm@${step.with?.version}`, `${file} ${id}`).toBe(packageManager);
      }
      const [setup, ...later] = steps(job).filter((step) => action(step) === 'actions/setup-node');
      if (setup)
        expect(setup.with, `${file} ${id}`).toEqual({ 'node-version-file': '.nvmrc', cache: 'pnpm' });
      for (const step of later) expect(step.name, `${file} ${id}`).toBe('Node.js of the instances');
    }
  });

  it('synthesize with the account settings of the deployment wherever they reach AWS', () => {
    for (const file of ['plan.yml', 'apply.yml', 'terraform-apply.yml', 'deploy-app.yml']) {
      const env = (workflow(file) as Workflow & { env: Record<string, string> }).env;
      expect(env.SIGMA_CONFIG_FILE, file).toBe(
        expr("vars.SIGMA_CONFIG_FILE && format('{0}/{1}', github.workspace, vars.SIGMA_CONFIG_FILE) || ''"),
      );
    }
  });

  it('build the delivery CLI in every job that runs it, before running it', () => {
    const build = 'pnpm turbo run build --filter=@sigma-pli/delivery';
    const users = allJobs().filter(({ job }) =>
      steps(job).some((step) => step.run?.includes('delivery/dist/cli.js')),
    );
    expect(users.length).toBeGreaterThanOrEqual(4);
    for (const { file, id, job } of users) {
      const runs = steps(job).map((step) => step.run ?? '');
      const built = runs.indexOf(build);
      expect(built, `${file} ${id}`).toBeGreaterThanOrEqual(0);
      expect(
        runs.findIndex((run) => run.includes('delivery/dist/cli.js')),
        `${file} ${id}`,
      ).toBeGreaterThan(built);
    }
  });

  it('set up Terraform at the version recorded in .terraform-version (>= 1.10, for S3 lock files)', () => {
    const version = readFileSync(join(REPO_ROOT, '.terraform-version'), 'utf8').trim();
    const [major, minor] = version.split('.').map(Number);
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    expect((major ?? 0) > 1 || (minor ?? 0) >= 10).toBe(true);
    const setups = allJobs().flatMap(({ file, id, job }) =>
      steps(job).flatMap((step, index) =>
        action(step) === 'hashicorp/setup-terraform'
          ? [{ file, id, step, before: steps(job).slice(0, index) }]
          : [],
      ),
    );
    expect(setups.length).toBe(3);
    for (const { file, id, step, before } of setups) {
      expect(step.with, `${file} ${id}`).toEqual({
        terraform_version: expr('steps.terraform.outputs.version'),
        terraform_wrapper: false,
      });
      const reader = before.find((candidate) => candidate.id === 'terraform');
      expect(reader?.run, `${file} ${id}`).toContain('cat .terraform-version');
    }
  });
});

describe('ci.yml', () => {
  const ci = workflow('ci.yml');
  const job = Object.values(ci.jobs)[0] as Job;
  const runs = steps(job).map((step) => step.run);

  it('runs on every push to main and every pull request', () => {
    expect(ci.on).toEqual({ push: { branches: ['main'] }, pull_request: null });
  });

  it('installs from the lockfile, then lints, typechecks, tests and synthesizes', () => {
    expect(runs.filter((run) => run?.startsWith('pnpm '))).toEqual([
      'pnpm install --frozen-lockfile',
      'pnpm lint',
      'pnpm typecheck',
      'pnpm test',
      'pnpm synth',
      'pnpm --filter @sigma-pli/api test',
    ]);
  });

  it('tests the app again on the Node.js major the instances run', () => {
    const majors = new Set(
      loadPlatformConfig({ env: {}, file: {} }).stages.map((stage) => stage.compute.nodeMajor),
    );
    const instances = steps(job).find((step) => step.name === 'Node.js of the instances');
    expect([...majors]).toEqual([instances?.with?.['node-version']]);
  });

  it('caches turbo outputs across runs', () => {
    const cache = steps(job).find((step) => action(step) === 'actions/cache');
    expect(cache?.with).toMatchObject({ path: '.turbo', 'restore-keys': `turbo-${expr('runner.os')}-` });
  });
});

describe('plan.yml', () => {
  const plan = workflow('plan.yml');

  it('runs only on pull requests', () => {
    expect(Object.keys(plan.on)).toEqual(['pull_request']);
  });

  it('plans every configured stage from one synth, with the read-only plan role', () => {
    const job = plan.jobs.plan as Job;
    expect(job.needs).toBe('synth');
    expect(job.strategy?.matrix.target).toBe(expr('fromJSON(needs.synth.outputs.targets)'));
    expect(awsRole(job)).toBe(expr('vars.AWS_PLAN_ROLE_ARN'));
    expect(text('plan.yml')).not.toMatch(/AWS_(APPLY|DEPLOY)_ROLE_ARN/);
    const runs = steps(job)
      .map((step) => step.run ?? '')
      .join('\n');
    expect(runs).toContain('terraform plan -input=false -lock=false -out=tfplan');
    expect(runs).toContain('terraform show -json tfplan');
  });

  it('keeps the binary plan, JSON and text per stage, and comments once on the pull request', () => {
    const upload = steps(plan.jobs.plan as Job).find((step) => action(step) === 'actions/upload-artifact');
    expect(upload?.with?.name).toBe(`plan-${expr('matrix.target.stage')}`);
    // The provider lock file starts with a dot, and artifacts leave hidden files out unless told otherwise.
    expect(upload?.with?.['include-hidden-files']).toBe(true);
    const comment = plan.jobs.comment as Job;
    expect(comment.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    const script = steps(comment)
      .map((step) => step.run ?? '')
      .join('\n');
    expect(script).toContain('--cost reports/cost.md --policy reports/policy.md');
    expect(script).toContain('find-comment');
    expect(script).toMatch(/--method PATCH .*issues\/comments\/\$id/);
  });
});

describe('apply.yml and terraform-apply.yml', () => {
  const apply = workflow('apply.yml');
  const perStage = workflow('terraform-apply.yml');

  it('apply on pushes to main and on manual dispatch of one configured stage', () => {
    expect(apply.on.push).toMatchObject({ branches: ['main'] });
    const dispatch = apply.on.workflow_dispatch as { inputs: { stage: { options: string[] } } };
    expect(dispatch.inputs.stage.options).toEqual(stages);
  });

  it('apply the stages in deployment order, each after the previous one, never two at once', () => {
    const stageJobs = Object.entries(apply.jobs).filter(([, job]) => job.uses);
    expect(stageJobs.map(([id]) => id)).toEqual(stages);
    stageJobs.forEach(([id, job], index) => {
      expect(job.uses).toBe('./.github/workflows/terraform-apply.yml');
      expect(job.with).toEqual({ stage: id });
      expect(job.concurrency).toEqual({ group: `terraform-${id}`, 'cancel-in-progress': false });
      const needs = [job.needs ?? []].flat();
      if (index > 0) expect(needs).toContain(stageJobs[index - 1]?.[0]);
    });
  });

  it('applies in the stage environment with the apply role, and plans outside it with the plan role', () => {
    const { plan, apply: applyJob } = perStage.jobs as Record<string, Job>;
    expect(plan?.environment).toBeUndefined();
    expect(awsRole(plan as Job)).toBe(expr('vars.AWS_PLAN_ROLE_ARN'));
    expect(applyJob?.environment).toBe(expr('inputs.stage'));
    expect(awsRole(applyJob as Job)).toBe(expr('vars.AWS_APPLY_ROLE_ARN'));
  });

  it('applies the saved plan only after comparing it with the plan reviewed on the pull request', () => {
    const { plan, apply: applyJob } = perStage.jobs as Record<string, Job>;
    const compare = steps(plan as Job).find((step) => step.run?.includes('compare-plans'));
    expect(compare?.if).toBe("github.event_name == 'push'");
    expect(
      steps(plan as Job).some((step) => step.run?.includes('gh run download "$run" --name "plan-$STAGE"')),
    ).toBe(true);
    const saved = steps(plan as Job).find((step) => action(step) === 'actions/upload-artifact');
    expect(saved?.with).toMatchObject({
      name: `apply-plan-${expr('inputs.stage')}`,
      'include-hidden-files': true,
    });
    const runs = steps(applyJob as Job).map((step) => step.run ?? '');
    expect(runs).toContain('terraform init -input=false -lockfile=readonly');
    expect(runs).toContain('terraform apply -input=false tfplan');
    expect(runs.join('\n')).not.toMatch(/terraform plan|-auto-approve/);
  });
});

describe('deploy-app.yml', () => {
  const deploy = workflow('deploy-app.yml');

  it('deploys by hand to one configured stage, or rolls it back', () => {
    const inputs = (
      deploy.on.workflow_dispatch as { inputs: Record<string, { options?: string[]; type: string }> }
    ).inputs;
    expect(inputs.stage?.options).toEqual(stages);
    expect(inputs.rollback?.type).toBe('boolean');
    expect(deploy.concurrency).toEqual({
      group: `deploy-app-${expr('inputs.stage')}`,
      'cancel-in-progress': false,
    });
  });

  it('builds once without AWS access, then deploys in the stage environment with the deploy role', () => {
    const { build, deploy: job } = deploy.jobs as Record<string, Job>;
    expect(build?.permissions).toEqual({ contents: 'read' });
    expect(steps(build as Job).map((step) => step.run)).toContain('pnpm --filter @sigma-pli/api release');
    expect(job?.environment).toBe(expr('inputs.stage'));
    expect(awsRole(job as Job)).toBe(expr('vars.AWS_DEPLOY_ROLE_ARN'));
    const script = steps(job as Job)
      .map((step) => step.run ?? '')
      .join('\n');
    expect(script).toContain('deploy "$STAGE" --rollback');
    expect(script).toContain('deploy "$STAGE" --release "$RELEASE"');
    expect(script).toContain('aws s3api head-object');
  });
});

describe('dependabot.yml', () => {
  it('updates npm packages (the Terraform providers are the @cdktf bindings) and the pinned actions', () => {
    const dependabot = parse(readFileSync(join(REPO_ROOT, '.github', 'dependabot.yml'), 'utf8')) as {
      updates: { 'package-ecosystem': string; groups?: Record<string, { patterns: string[] }> }[];
    };
    expect(dependabot.updates.map((update) => update['package-ecosystem'])).toEqual([
      'npm',
      'github-actions',
    ]);
    expect(dependabot.updates[0]?.groups?.['terraform-providers']?.patterns).toContain('@cdktf/*');
  });
});
