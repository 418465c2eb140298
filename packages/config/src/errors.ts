import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

export interface ConfigIssue {
  /** Dotted path of the offending field, e.g. `stages.growth.compute.maxSize` or `DATABASE_URL`. */
  field: string;
  message: string;
}

/** Thrown for any invalid configuration; its message names every offending field. */
export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];

  constructor(context: string, issues: readonly ConfigIssue[]) {
    super(`${context}:\n${issues.map((issue) => `  - ${issue.field}: ${issue.message}`).join('\n')}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/** `/compute/maxSize` → `compute.maxSize`, prefixed with where the value came from. */
export function pointerToField(prefix: string, pointer: string): string {
  const path = pointer
    .split('/')
    .filter(Boolean)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
  return [prefix, path].filter(Boolean).join('.');
}

/**
 * Checks `value` against `schema` and returns the schema's issues with field paths.
 * Only the first issue per field is kept: TypeBox reports union branches separately, which reads as noise.
 */
export function schemaIssues(schema: TSchema, value: unknown, prefix = ''): ConfigIssue[] {
  const seen = new Set<string>();
  const issues: ConfigIssue[] = [];
  for (const error of Value.Errors(schema, value)) {
    const field = pointerToField(prefix, error.path) || prefix || '(root)';
    if (seen.has(field)) continue;
    seen.add(field);
    issues.push({ field, message: error.message });
  }
  return issues;
}
