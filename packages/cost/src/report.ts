import { type LineItem, roundCents, type StageEstimate } from './estimate';

export const FORMATS = ['table', 'markdown', 'json'] as const;
export type Format = (typeof FORMATS)[number];

/** The machine-readable report (`--format json`), also what `--compare` reads back. */
export interface CostReport {
  region: string;
  stages: StageEstimate[];
  /** Synthesized stacks that are not a stage (the account's bootstrap stack): no budget, not estimated. */
  otherStacks?: string[];
}

export interface LineChange {
  group: string;
  line: string;
  baseUsd: number;
  currentUsd: number;
  deltaUsd: number;
}

export interface StageComparison {
  stage: string;
  baseUsd: number | undefined;
  deltaUsd: number | undefined;
  changes: LineChange[];
}

const usd = (value: number): string => `${value < 0 ? '-' : ''}$${Math.abs(value).toFixed(2)}`;
const signed = (value: number): string => (value > 0 ? `+${usd(value)}` : usd(value));
const unitPrice = (value: number): string => `$${Number(value.toPrecision(6))}`;
const quantity = (line: LineItem): string => `${Number(line.quantity.toFixed(3))} ${line.unit}`;
const lineKey = (line: Pick<LineItem, 'group' | 'line'>): string => `${line.group} / ${line.line}`;

/** Line-by-line difference between a base report (e.g. from the main branch) and this one. */
export function compareReports(base: CostReport, current: CostReport): StageComparison[] {
  return current.stages.map((stage) => {
    const before = base.stages.find((candidate) => candidate.stage === stage.stage);
    if (!before) return { stage: stage.stage, baseUsd: undefined, deltaUsd: undefined, changes: [] };
    const keys = new Set([...before.lines, ...stage.lines].map(lineKey));
    const changes: LineChange[] = [];
    for (const key of [...keys].sort()) {
      const old = before.lines.find((line) => lineKey(line) === key);
      const now = stage.lines.find((line) => lineKey(line) === key);
      const baseUsd = old?.monthlyUsd ?? 0;
      const currentUsd = now?.monthlyUsd ?? 0;
      if (baseUsd === currentUsd) continue;
      const source = (now ?? old) as LineItem;
      changes.push({
        group: source.group,
        line: source.line,
        baseUsd,
        currentUsd,
        deltaUsd: roundCents(currentUsd - baseUsd),
      });
    }
    return {
      stage: stage.stage,
      baseUsd: before.totalUsd,
      deltaUsd: roundCents(stage.totalUsd - before.totalUsd),
      changes,
    };
  });
}

const status = (stage: StageEstimate): string => (stage.withinBudget ? 'within budget' : 'OVER BUDGET');

function stageFooter(stage: StageEstimate): string[] {
  const notes: string[] = [];
  if (stage.budget.note) notes.push(`Budget note: ${stage.budget.note}`);
  if (stage.unpricedTypes.length > 0) {
    notes.push(`Resource types without an estimator (not counted): ${stage.unpricedTypes.join(', ')}`);
  }
  notes.push(...stage.warnings.map((warning) => `Warning: ${warning}`));
  return notes;
}

function padTable(rows: string[][], rightAligned: number[]): string[] {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, column) =>
        rightAligned.includes(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd(),
  );
}

export function formatTable(report: CostReport, comparisons?: StageComparison[]): string {
  const out: string[] = [];
  for (const stage of report.stages) {
    out.push(`${stage.stack} (${stage.stage}, phase ${stage.phase}, ${stage.region})`);
    const rows = [
      ['Group', 'Line', 'Quantity', 'Unit price', 'Monthly'],
      ...stage.lines.map((line) => [
        line.group,
        line.fromUsage ? `${line.line} *` : line.line,
        quantity(line),
        unitPrice(line.unitPriceUsd),
        usd(line.monthlyUsd),
      ]),
      ['Total', '', '', '', usd(stage.totalUsd)],
      [
        'Budget',
        `architecture estimate ${usd(stage.budget.architectureEstimateUsd)}`,
        '',
        '',
        usd(stage.budget.monthlyUsd),
      ],
      ['Headroom', status(stage), '', '', usd(stage.headroomUsd)],
    ];
    const comparison = comparisons?.find((candidate) => candidate.stage === stage.stage);
    if (comparison?.baseUsd !== undefined) {
      rows.push(['Base', `change ${signed(comparison.deltaUsd ?? 0)}`, '', '', usd(comparison.baseUsd)]);
    }
    out.push(...padTable(rows, [2, 3, 4]).map((row) => `  ${row}`));
    out.push('  * quantity from the usage assumptions (packages/config/src/usage.ts)');
    out.push(...stageFooter(stage).map((note) => `  ${note}`), '');
  }
  out.push(summaryLine(report));
  return out.join('\n');
}

export function summaryLine(report: CostReport): string {
  const over = report.stages.filter((stage) => !stage.withinBudget);
  const totals = report.stages.map(
    (stage) => `${stage.stage} ${usd(stage.totalUsd)}/${usd(stage.budget.monthlyUsd)}`,
  );
  const others = report.otherStacks?.length
    ? ` (not a stage, not estimated: ${report.otherStacks.join(', ')})`
    : '';
  return `${over.length === 0 ? 'All stages within budget' : `${over.length} stage(s) over budget`}: ${totals.join(', ')}${others}`;
}

export function formatMarkdown(report: CostReport, comparisons?: StageComparison[]): string {
  const compared = comparisons !== undefined;
  const out = [
    `## Monthly cost estimate (${report.region}, on-demand)`,
    '',
    `| Stage | Total | Budget | Headroom | Architecture estimate |${compared ? ' Base | Change |' : ''} Status |`,
    `|---|---:|---:|---:|---:|${compared ? '---:|---:|' : ''}---|`,
  ];
  for (const stage of report.stages) {
    const comparison = comparisons?.find((candidate) => candidate.stage === stage.stage);
    const baseCells = compared
      ? ` ${comparison?.baseUsd === undefined ? 'new' : usd(comparison.baseUsd)} | ${comparison?.deltaUsd === undefined ? '' : signed(comparison.deltaUsd)} |`
      : '';
    out.push(
      `| ${stage.stage} | ${usd(stage.totalUsd)} | ${usd(stage.budget.monthlyUsd)} | ${usd(stage.headroomUsd)} | ${usd(stage.budget.architectureEstimateUsd)} |${baseCells} ${stage.withinBudget ? '✅' : '❌ over budget'} |`,
    );
  }
  for (const stage of report.stages) {
    out.push(
      '',
      `### ${stage.stage}`,
      '',
      '| Group | Line | Quantity | Unit price | Monthly |',
      '|---|---|---:|---:|---:|',
    );
    for (const line of stage.lines) {
      out.push(
        `| ${line.group} | ${line.line}${line.fromUsage ? ' \\*' : ''} | ${quantity(line)} | ${unitPrice(line.unitPriceUsd)} | ${usd(line.monthlyUsd)} |`,
      );
    }
    out.push(`| **Total** | | | | **${usd(stage.totalUsd)}** |`);
    const changes = comparisons?.find((candidate) => candidate.stage === stage.stage)?.changes ?? [];
    if (changes.length > 0) {
      out.push('', 'Changes against the base:', '');
      for (const change of changes) {
        out.push(
          `- ${change.group} / ${change.line}: ${usd(change.baseUsd)} → ${usd(change.currentUsd)} (${signed(change.deltaUsd)})`,
        );
      }
    }
    const footer = stageFooter(stage);
    if (footer.length > 0) out.push('', ...footer.map((note) => `> ${note}`));
  }
  out.push(
    '',
    '\\* quantity from the usage assumptions in `packages/config/src/usage.ts`.',
    '',
    summaryLine(report),
  );
  return out.join('\n');
}

export function formatReport(report: CostReport, format: Format, comparisons?: StageComparison[]): string {
  if (format === 'json') return JSON.stringify(comparisons ? { ...report, comparisons } : report, null, 2);
  if (format === 'markdown') return formatMarkdown(report, comparisons);
  return formatTable(report, comparisons);
}
