#!/usr/bin/env node
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, usageFor } from '@sigma-pli/config';
import { loadStageStacks } from '@sigma-pli/terraform-json';
import { estimateStage } from './estimate';
import { loadPriceTable } from './prices';
import { type CostReport, compareReports, FORMATS, type Format, formatReport, summaryLine } from './report';

const HELP = `Usage: pnpm cost [options]

Estimates the monthly cost of every synthesized stage (infra/cdktf.out) and compares it with the stage's budget.

  --format table|markdown|json   output format (default: table)
  --stage NAME                   only this stage (repeatable)
  --prices FILE                  price table to use instead of prices/us-east-1.json
  --compare FILE                 a previous --format json report (e.g. of the base branch): show the difference
  --synth-dir DIR                synthesized output (default: infra/cdktf.out)
  --out FILE                     also write the report to FILE
  --no-gate                      report only; exit 0 even when a stage is over budget

Exit status: 0 within budget, 1 a stage is over budget, 2 invalid input.`;

/** Runs the command and returns its exit status; output goes through `write`. */
export function run(
  argv: string[],
  write: (text: string) => void = (text) => process.stdout.write(text),
): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      format: { type: 'string', default: 'table' },
      stage: { type: 'string', multiple: true },
      prices: { type: 'string' },
      compare: { type: 'string' },
      'synth-dir': { type: 'string' },
      out: { type: 'string' },
      'no-gate': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    write(`${HELP}\n`);
    return 0;
  }
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new Error(`--format must be one of ${FORMATS.join(', ')}`);

  const prices = loadPriceTable(values.prices);
  const { config, stacks, otherStacks } = loadStageStacks({
    synthDir: values['synth-dir'],
    stages: values.stage,
  });
  const report: CostReport = {
    region: prices.region,
    stages: stacks.map(({ stage, document }) =>
      estimateStage({ document, stage, account: config.account, usage: usageFor(stage), prices }),
    ),
    otherStacks: otherStacks.map((entry) => entry.stack),
  };
  let comparisons: ReturnType<typeof compareReports> | undefined;
  if (values.compare) {
    let base: CostReport;
    try {
      base = JSON.parse(readFileSync(values.compare, 'utf8')) as CostReport;
    } catch (error) {
      throw new Error(`cannot read --compare ${values.compare}: ${(error as Error).message}`);
    }
    if (!Array.isArray(base.stages))
      throw new Error(`--compare ${values.compare}: not a cost report (no "stages")`);
    comparisons = compareReports(base, report);
  }
  const text = `${formatReport(report, format, comparisons)}\n`;
  write(text);
  if (values.out) writeFileSync(values.out, text);
  const over = report.stages.some((stage) => !stage.withinBudget);
  if (over && format === 'json') process.stderr.write(`${summaryLine(report)}\n`);
  return over && !values['no-gate'] ? 1 : 0;
}

if (require.main === module) {
  try {
    process.exitCode = run(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(
      `pnpm cost: ${error instanceof ConfigError ? error.message : (error as Error).message}\n`,
    );
    process.exitCode = 2;
  }
}
