import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StackSummary {
  stack: string;
  resources: number;
  /** Resource count per Terraform type, sorted by type. */
  byType: Record<string, number>;
}

/** Counts the resources of each named stack in `<outdir>/stacks/<name>/cdk.tf.json`, in the order given. */
export function summarizeSynth(outdir: string, stackNames: readonly string[]): StackSummary[] {
  return stackNames.map((stack) => {
    const document = JSON.parse(readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as {
      resource?: Record<string, Record<string, unknown>>;
    };
    const byType: Record<string, number> = {};
    for (const type of Object.keys(document.resource ?? {}).sort()) {
      byType[type] = Object.keys(document.resource?.[type] ?? {}).length;
    }
    const resources = Object.values(byType).reduce((sum, count) => sum + count, 0);
    return { stack, resources, byType };
  });
}

/** One line per stack: its resource count and the services (first two words of the types) it uses. */
export function formatSummary(summaries: StackSummary[], outdir: string): string {
  const width = Math.max(...summaries.map((summary) => summary.stack.length), 5);
  const lines = summaries.map((summary) => {
    const services = new Set(
      Object.keys(summary.byType).map((type) => type.split('_').slice(0, 2).join('_')),
    );
    return `  ${summary.stack.padEnd(width)}  ${String(summary.resources).padStart(4)} resources  ${[...services].join(' ')}`;
  });
  return [`Synthesized ${summaries.length} stacks into ${outdir}`, ...lines].join('\n');
}
