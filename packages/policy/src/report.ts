import { CATALOG } from './catalog';
import type { RuleResult, StagePolicyReport } from './engine';

export const FORMATS = ['table', 'markdown', 'json'] as const;
export type Format = (typeof FORMATS)[number];

const ids = (result: RuleResult): string => {
  const rule = CATALOG.find((candidate) => candidate.id === result.rule);
  return rule ? [...rule.checkov, ...rule.trivy, ...rule.fsbp.map((id) => `FSBP ${id}`)].join(', ') : '';
};

export function summaryLine(reports: StagePolicyReport[]): string {
  const failing = reports.filter((report) => report.summary.fail > 0);
  const parts = reports.map(
    (report) =>
      `${report.stage} ${report.summary.pass} pass / ${report.summary.fail} fail / ${report.summary.waived} waived`,
  );
  return `${failing.length === 0 ? 'Policy passed' : `Policy FAILED in ${failing.length} stage(s)`}: ${parts.join('; ')}`;
}

/** Rows worth reading: failures and waivers first; passes are summarized per rule. */
function notable(report: StagePolicyReport): RuleResult[] {
  return report.results.filter((result) => result.status !== 'pass');
}

function passedRules(report: StagePolicyReport): string[] {
  const failedOrWaived = new Set(notable(report).map((result) => result.rule));
  return [...new Set(report.results.filter((r) => r.status === 'pass').map((r) => r.rule))].filter(
    (rule) => !failedOrWaived.has(rule),
  );
}

export function formatTable(reports: StagePolicyReport[], verbose = false): string {
  const out: string[] = [];
  for (const report of reports) {
    const { summary } = report;
    out.push(
      `${report.stack} (${report.stage === report.stack ? 'not a stage' : report.stage}): ${summary.pass} pass, ${summary.fail} fail, ${summary.waived} waived — ${summary.rulesEvaluated} rules evaluated, ${summary.rulesNotApplicable} not applicable`,
    );
    const rows = verbose ? report.results : notable(report);
    for (const result of rows) {
      out.push(
        `  ${result.status.toUpperCase().padEnd(6)} ${result.severity.padEnd(8)} ${result.rule}  ${result.path}`,
      );
      if (result.message) out.push(`         ${result.message}`);
      if (result.status === 'fail') out.push(`         fix: ${result.fix} [${ids(result)}]`);
      if (result.waiver) out.push(`         waiver: ${result.waiver.reason}`);
    }
    if (!verbose) out.push(`  passing rules: ${passedRules(report).join(', ') || '(none)'}`);
    for (const waiver of report.unusedWaivers) {
      out.push(`  unused waiver: ${waiver.rule} on ${waiver.resource} (${waiver.reason})`);
    }
    out.push('');
  }
  out.push(summaryLine(reports));
  return out.join('\n');
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');

export function formatMarkdown(reports: StagePolicyReport[]): string {
  const out = [
    '## Policy report',
    '',
    '| Stage | Pass | Fail | Waived | Rules evaluated | Status |',
    '|---|---:|---:|---:|---:|---|',
  ];
  for (const report of reports) {
    const { summary } = report;
    out.push(
      `| ${report.stage} | ${summary.pass} | ${summary.fail} | ${summary.waived} | ${summary.rulesEvaluated} | ${summary.fail === 0 ? '✅' : '❌'} |`,
    );
  }
  for (const report of reports) {
    const rows = notable(report);
    out.push('', `### ${report.stage}`, '');
    if (rows.length > 0) {
      out.push(
        '| Status | Severity | Rule | Resource | Detail | Fix / waiver |',
        '|---|---|---|---|---|---|',
      );
      for (const result of rows) {
        const detail = result.waiver ? `waived: ${result.waiver.reason}` : `${result.fix} (${ids(result)})`;
        out.push(
          `| ${result.status === 'fail' ? '❌ fail' : '⚪ waived'} | ${result.severity} | \`${result.rule}\` | \`${cell(result.path)}\` | ${cell(result.message ?? '')} | ${cell(detail)} |`,
        );
      }
      out.push('');
    }
    out.push(
      `Passing rules: ${
        passedRules(report)
          .map((rule) => `\`${rule}\``)
          .join(', ') || '(none)'
      }`,
    );
    for (const waiver of report.unusedWaivers) {
      out.push('', `> Unused waiver: \`${waiver.rule}\` on \`${waiver.resource}\``);
    }
  }
  out.push('', summaryLine(reports));
  return out.join('\n');
}

export function formatReport(reports: StagePolicyReport[], format: Format, verbose = false): string {
  if (format === 'json') return JSON.stringify({ stages: reports }, null, 2);
  if (format === 'markdown') return formatMarkdown(reports);
  return formatTable(reports, verbose);
}
