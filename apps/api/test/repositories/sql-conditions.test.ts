import { describe, expect, it } from 'vitest';
import { Conditions } from '../../src/repositories/sql-conditions';

describe('Conditions', () => {
  it('numbers placeholders in order and keeps fixed clauses first', () => {
    const conditions = new Conditions('deleted_at IS NULL');
    conditions.add('u', (p) => `uf = ${p}`, 'SP');
    conditions.add('a', (at, id) => `(created_at, id) < (${at}, ${id})`, 'T', 'I');
    expect(conditions.where).toBe('WHERE deleted_at IS NULL AND uf = $1 AND (created_at, id) < ($2, $3)');
    expect(conditions.parameter(21)).toBe('$4');
    expect(conditions.values).toEqual(['SP', 'T', 'I', 21]);
    expect(conditions.shape).toBe('ua');
  });

  it('turns a day range into Brasília-time bounds, the end day included', () => {
    const conditions = new Conditions();
    conditions.dayRange('created_at', '2026-01-01', '2026-01-31');
    expect(conditions.where).toBe(
      "WHERE created_at >= ($1::date)::timestamp AT TIME ZONE 'America/Sao_Paulo' AND " +
        "created_at < ($2::date + 1)::timestamp AT TIME ZONE 'America/Sao_Paulo'",
    );
    expect(conditions.values).toEqual(['2026-01-01', '2026-01-31']);
    expect(conditions.shape).toBe('ft');
  });

  it('has no WHERE without conditions', () => {
    expect(new Conditions().where).toBe('');
    expect(new Conditions().shape).toBe('-');
  });
});
