import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StackSummary {
  stack: string;
  resources: number;
  /** Resource count per Terraform type, sorted by type. */
  byType: Record<string, number>;
}

/** Reads `<outdir>/stacks/*∕cdk.tf.json` and counts what each stack declares. */
export function summarizeSynth(outdir: string): StackSummary[] {
  const stacksDir = join(outdir, 'stacks');
  return readdirSync(stacksDir)
    .sort()
    .map((stack) => {
      const document = JSON.parse(readFileSync(join(stacksDir, stack, 'cdk.tf.json'), 'utf8')) as {
        resource?: Record<string, Record<string, unknown>>;
      };
      const byType: Record<string, number> = {};
      for (const [type, instances] of Object.entries(document.resource ?? {}).sort(([a], [b]) =>
        a.localeCompare(b),
      )) {
        byType[type] = Object.keys(instances).length;
      }
      const resources = Object.values(byType).reduce((sum, count) => sum + count, 0);
      return { stack, resources, byType };
    });
}

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
