import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from './cli';
import type { CostReport } from './report';

const FIXTURE = join(__dirname, 'fixtures', 'hand-computed.cdk.tf.json');

describe('pnpm cost', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cost-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const synthDir = join(dir, 'cdktf.out');
  for (const stage of ['mvp', 'growth', 'production']) {
    mkdirSync(join(synthDir, 'stacks', `sigma-pli-${stage}`), { recursive: true });
    copyFileSync(FIXTURE, join(synthDir, 'stacks', `sigma-pli-${stage}`, 'cdk.tf.json'));
  }
  const capture = (argv: string[]) => {
    let output = '';
    const status = run(['--synth-dir', synthDir, ...argv], (text) => (output += text));
    return { status, output };
  };

  it('gates on the budget: exit 1 when a stage is over it, 0 with --no-gate', () => {
    // The fixture costs well above the growth budget with growth's own usage assumptions.
    const gated = capture(['--stage', 'growth']);
    expect(gated.status).toBe(1);
    expect(gated.output).toContain('OVER BUDGET');
    expect(gated.output).toMatch(/1 stage\(s\) over budget: growth \$\d+\.\d\d\/\$\d+\.\d\d/);
    expect(capture(['--stage', 'growth', '--no-gate']).status).toBe(0);
  });

  it('writes markdown for the PR comment and JSON that --compare reads back', () => {
    const jsonFile = join(dir, 'base.json');
    const json = capture(['--format', 'json', '--out', jsonFile, '--no-gate']);
    const report = JSON.parse(json.output) as CostReport;
    expect(report.stages.map((stage) => stage.stage)).toEqual(['mvp', 'growth', 'production']);
    expect(JSON.parse(readFileSync(jsonFile, 'utf8'))).toEqual(report);

    // The base branch had one NAT gateway hour line less: the comparison shows the difference.
    const base = structuredClone(report);
    const growth = base.stages.find((stage) => stage.stage === 'growth')!;
    const nat = growth.lines.find((line) => line.line === 'NAT gateway hours')!;
    growth.lines = growth.lines.filter((line) => line !== nat);
    growth.totalUsd = Math.round((growth.totalUsd - nat.monthlyUsd) * 100) / 100;
    writeFileSync(jsonFile, JSON.stringify(base));

    const markdown = capture(['--format', 'markdown', '--compare', jsonFile, '--no-gate']).output;
    expect(markdown).toContain(
      '| Stage | Total | Budget | Headroom | Architecture estimate | Base | Change | Status |',
    );
    expect(markdown).toMatch(
      /\| growth \| \$\d+\.\d\d \| \$\d+\.\d\d \| -\$\d+\.\d\d \| \$69\.20 \| \$\d+\.\d\d \| \+\$32\.85 \| ❌ over budget \|/,
    );
    expect(markdown).toContain('- Network / NAT gateway hours: $0.00 → $32.85 (+$32.85)');
    expect(markdown).toContain('| Network | NAT gateway hours | 730 hour | $0.045 | $32.85 |');
  });

  it('rejects bad input with a clear message', () => {
    expect(() => capture(['--format', 'yaml'])).toThrow(/--format must be one of table, markdown, json/);
    expect(() => capture(['--compare', join(dir, 'absent.json')])).toThrow(/cannot read --compare/);
    expect(() => capture(['--prices', FIXTURE])).toThrow(/invalid price table/);
  });

  it('prices with another table given by --prices', () => {
    const table = JSON.parse(readFileSync(join(__dirname, '..', 'prices', 'us-east-1.json'), 'utf8'));
    table.region = 'sa-east-1';
    table.prices['nat.hour'].usd = 0.093;
    const file = join(dir, 'sa-east-1.json');
    writeFileSync(file, JSON.stringify(table));
    const output = capture(['--prices', file, '--stage', 'growth', '--no-gate']).output;
    expect(output).toMatch(/NAT gateway hours\s+730 hour\s+\$0\.093\s+\$67\.89/);
  });
});
