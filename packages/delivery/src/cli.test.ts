import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlatformConfig } from '@sigma-pli/config';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from './cli';
import { fixturePath } from './test-support/fixtures';

const config = () => loadPlatformConfig({ env: {}, file: {} });
let output: string[];
let work: string;

beforeEach(() => {
  output = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    output.push(String(chunk));
    return true;
  });
  work = mkdtempSync(join(tmpdir(), 'sigma-delivery-'));
});
afterEach(() => {
  vi.restoreAllMocks();
});

const run = (...argv: string[]) => main(argv, config);
const printed = () => output.join('');

describe('sigma-delivery', () => {
  it('lists the stages, with their stacks and regions, as the JSON a workflow matrix reads', async () => {
    expect(await run('stages')).toBe(0);
    const targets = JSON.parse(printed());
    expect(targets.map((target: { stage: string }) => target.stage)).toEqual(['mvp', 'growth', 'production']);
    expect(targets[2]).toEqual({
      stage: 'production',
      stack: 'sigma-pli-production',
      stackDir: 'infra/cdktf.out/stacks/sigma-pli-production',
      region: 'us-east-1',
    });
  });

  it('summarizes a plan to markdown and to the JSON the comment job collects', async () => {
    const out = join(work, 'growth.summary.json');
    expect(
      await run(
        'plan-summary',
        '--stage',
        'growth',
        '--plan',
        fixturePath('plan-growth-destroys-database.json'),
        '--out',
        out,
      ),
    ).toBe(0);
    expect(printed()).toContain('**Plan: 2 to add, 1 to change, 4 to destroy.**');
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ stage: 'growth', destroy: 4 });
  });

  it('builds the PR comment from the summaries found, marking the stage whose plan is missing', async () => {
    const summaries = join(work, 'summaries');
    mkdirSync(join(summaries, 'plan-mvp'), { recursive: true });
    await run(
      'plan-summary',
      '--stage',
      'mvp',
      '--plan',
      fixturePath('plan-mvp-first-apply.json'),
      '--out',
      join(summaries, 'plan-mvp', 'mvp.summary.json'),
    );
    await run(
      'plan-summary',
      '--stage',
      'production',
      '--plan',
      fixturePath('plan-production-no-changes.json'),
      '--out',
      join(summaries, 'production.summary.json'),
    );
    const cost = join(work, 'cost.md');
    writeFileSync(cost, '| Stage | Monthly |\n| --- | --- |\n| mvp | 35.10 USD |\n');
    output = [];
    expect(
      await run(
        'plan-comment',
        '--summaries',
        summaries,
        '--commit',
        'a'.repeat(40),
        '--run-url',
        'https://github.com/o/r/actions/runs/1',
        '--cost',
        cost,
        '--policy',
        join(work, 'absent.md'),
      ),
    ).toBe(0);
    const body = printed();
    expect(body).toContain('| `mvp` | 📝 | 4 | 0 | 0 |');
    expect(body).toContain('| `growth` | ❌ |');
    expect(body).toContain('| `production` | ✅ |');
    expect(body).toContain('## Cost estimate');
    expect(body).not.toContain('## Policy report');
  });

  it('prints the id of the plan comment to update, or nothing', async () => {
    expect(await run('find-comment', '--comments', fixturePath('pr-comments.json'))).toBe(0);
    expect(printed().trim()).toBe('2401007');
    const none = join(work, 'none.json');
    writeFileSync(none, '[[]]');
    output = [];
    await run('find-comment', '--comments', none);
    expect(printed()).toBe('');
  });

  it('exits 1 with the differing resources when the plan is not the reviewed one', async () => {
    const plan = fixturePath('plan-growth-destroys-database.json');
    expect(await run('compare-plans', '--reviewed', plan, '--current', plan)).toBe(0);
    output = [];
    expect(
      await run(
        'compare-plans',
        '--reviewed',
        plan,
        '--current',
        fixturePath('plan-production-no-changes.json'),
      ),
    ).toBe(1);
    expect(printed()).toContain(
      '- aws_db_instance.database_instance_4C7B9E21: delete in the reviewed plan, no change now',
    );
  });

  it('prints a stage environment read from the synthesized stack', async () => {
    const stackDir = join(work, 'cdktf.out', 'stacks', 'sigma-pli-production');
    mkdirSync(stackDir, { recursive: true });
    copyFileSync(fixturePath('stack-production-alarms.json'), join(stackDir, 'cdk.tf.json'));
    expect(await run('stage-env', 'production', '--synth', join(work, 'cdktf.out'))).toBe(0);
    expect(printed()).toContain('ASG_NAME=sigma-pli-production-app\n');
    expect(printed()).toContain(
      'DEPLOY_ALARMS=sigma-pli-production-alb-5xx-rate,sigma-pli-production-alb-p95-latency\n',
    );
  });

  it('prints its usage on --help', async () => {
    expect(await run('--help')).toBe(0);
    expect(printed()).toMatch(/^sigma-delivery <command> \[options\]/);
    expect(printed()).toContain('deploy <stage> (--release KEY | --rollback)');
  });

  it('asks for synth when the stack is missing, and rejects bad input with the reason', async () => {
    await expect(run('stage-env', 'mvp', '--synth', join(work, 'nothing'))).rejects.toThrow(
      /run `pnpm synth` first/,
    );
    await expect(run('release-key', 'main')).rejects.toThrow(/full 40-character/);
    await expect(run('plan-summary', '--stage', 'mvp')).rejects.toThrow('--plan is required');
    await expect(run('deploy', 'mvp', '--poll', '0')).rejects.toThrow(/run `pnpm synth` first/);
    await expect(run('launch')).rejects.toThrow('unknown command "launch"');
  });
});
