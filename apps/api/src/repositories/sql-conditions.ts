import { BUSINESS_TIME_ZONE } from '../domain/registry';

/**
 * A WHERE clause built from optional filters, every value a bind parameter. `shape` spells which filters were
 * added (one tag each); the SQL text follows from it, so it can name a prepared statement.
 */
export class Conditions {
  readonly values: unknown[] = [];
  private readonly clauses: string[];
  private tags = '';

  constructor(...fixed: string[]) {
    this.clauses = [...fixed];
  }

  /** Adds `condition(placeholders…)` for `parameters`. */
  add(tag: string, condition: (...placeholders: string[]) => string, ...parameters: unknown[]): void {
    this.tags += tag;
    this.clauses.push(condition(...parameters.map((value) => this.parameter(value))));
  }

  /** `column` within the calendar days `from`..`to` (YYYY-MM-DD, both inclusive, either optional). */
  dayRange(column: string, from: string | undefined, to: string | undefined): void {
    if (from !== undefined) {
      this.add('f', (p) => `${column} >= (${p}::date)::timestamp AT TIME ZONE '${BUSINESS_TIME_ZONE}'`, from);
    }
    if (to !== undefined) {
      this.add(
        't',
        (p) => `${column} < (${p}::date + 1)::timestamp AT TIME ZONE '${BUSINESS_TIME_ZONE}'`,
        to,
      );
    }
  }

  get shape(): string {
    return this.tags || '-';
  }

  /** Binds `value` and returns its placeholder. */
  parameter(value: unknown): string {
    return `$${this.values.push(value)}`;
  }

  get where(): string {
    return this.clauses.length > 0 ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }
}
