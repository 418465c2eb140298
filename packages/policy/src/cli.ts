#!/usr/bin/env node
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, POLICY_WAIVERS } from '@sigma-pli/config';
import { loadStageStacks } from '@sigma-pli/terraform-json';
import { CATALOG } from './catalog';
import { evaluateStage, validateWaivers } from './engine';
import { FORMATS, type Format, formatReport, summaryLine } from './report';

const HELP = `Usage: pnpm policy [options]

Evaluates the security rule catalog on every synthesized stage (infra/cdktf.out), with the waivers of
packages/config/src/waivers.ts.

  --format table|markdown|json   output format (default: table)
  --stage NAME                   only this stage (repeatable)
  --synth-dir DIR                synthesized output (default: infra/cdktf.out)
  --out FILE                     also write the report to FILE
  --verbose                      list passing results too (table format)
  --list-rules                   print the rule catalog and exit

Exit status: 0 no unwaived failure, 1 at least one, 2 invalid input (including an unknown waiver rule id).`;

function listRules(): string {
  return CATALOG.map((rule) => {
    const ids = [...rule.checkov, ...rule.trivy, ...rule.fsbp.map((id) => `FSBP ${id}`)].join(', ');
    return `${rule.id.padEnd(32)} ${rule.severity.padEnd(8)} ${rule.title}${ids ? ` [${ids}]` : ''}`;
  }).join('\n');
}

export function run(
  argv: string[],
  write: (text: string) => void = (text) => process.stdout.write(text),
): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      format: { type: 'string', default: 'table' },
      stage: { type: 'string', multiple: true },
      'synth-dir': { type: 'string' },
      out: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      'list-rules': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    write(`${HELP}\n`);
    return 0;
  }
  if (values['list-rules']) {
    write(`${listRules()}\n`);
    return 0;
  }
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new Error(`--format must be one of ${FORMATS.join(', ')}`);
  validateWaivers(POLICY_WAIVERS);

  const { stacks, otherStacks } = loadStageStacks({ synthDir: values['synth-dir'], stages: values.stage });
  const reports = [
    ...stacks.map(({ stage, document }) => evaluateStage(document, stage, POLICY_WAIVERS)),
    // Account-level stacks (bootstrap: state and release buckets, OIDC roles) get the stage-independent rules.
    ...otherStacks.map(({ document }) => evaluateStage(document, undefined, POLICY_WAIVERS)),
  ];
  const text = `${formatReport(reports, format, values.verbose)}\n`;
  write(text);
  if (values.out) writeFileSync(values.out, text);
  const failed = reports.some((report) => report.summary.fail > 0);
  if (failed && format === 'json') process.stderr.write(`${summaryLine(reports)}\n`);
  return failed ? 1 : 0;
}

if (require.main === module) {
  try {
    process.exitCode = run(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(
      `pnpm policy: ${error instanceof ConfigError ? error.message : (error as Error).message}\n`,
    );
    process.exitCode = 2;
  }
}
