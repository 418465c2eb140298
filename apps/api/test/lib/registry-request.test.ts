import { describe, expect, it } from 'vitest';
import { parseCpf } from '../../src/domain/documents';
import { ProblemError } from '../../src/errors';
import { encodeCursor } from '../../src/lib/cursor';
import { checkPastDate, FieldErrors, listFilters } from '../../src/lib/registry-request';

function problemOf(fn: () => unknown): ProblemError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ProblemError) return error;
    throw error;
  }
  throw new Error('expected a problem');
}

describe('checkPastDate', () => {
  it('accepts past dates from the minimum on and rejects earlier or future ones', () => {
    const errors = new FieldErrors();
    checkPastDate(errors, 'a', '1900-01-01', '1900-01-01');
    checkPastDate(errors, 'b', '1899-12-31', '1900-01-01');
    checkPastDate(errors, 'c', '2999-01-01', '1900-01-01');
    checkPastDate(errors, 'd', null, '1900-01-01');
    expect(errors.errors).toEqual([
      { field: 'b', message: 'must not be before 1900-01-01' },
      { field: 'c', message: 'must not be in the future' },
    ]);
  });
});

describe('listFilters', () => {
  const cpf = { field: 'cpf' as const, parse: parseCpf };

  it('normalizes the document and UF and decodes the cursor', () => {
    const after = { createdAt: '2026-11-29T02:10:08.123456Z', id: '0b6b1f4e-5a7d-4c55-9a51-3f1f1e0c2d9a' };
    expect(
      listFilters(
        { q: 'ana', uf: 'sp', cidade: ' Recife ', cursor: encodeCursor(after), limit: 20 },
        { ...cpf, value: '529.982.247-25' },
      ),
    ).toEqual({
      q: 'ana',
      document: '52998224725',
      cidade: 'Recife',
      uf: 'SP',
      createdFrom: undefined,
      createdTo: undefined,
      after,
      limit: 20,
    });
  });

  it('reports every bad filter at once as 422 with querystring fields', () => {
    const problem = problemOf(() =>
      listFilters(
        { q: '--', uf: 'ZZ', created_from: '2026-02-01', created_to: '2026-01-31', limit: 20 },
        { ...cpf, value: '111' },
      ),
    );
    expect(problem.statusCode).toBe(422);
    expect(problem.extras.errors?.map((error) => error.field)).toEqual([
      'querystring.cpf',
      'querystring.uf',
      'querystring.q',
      'querystring.created_to',
    ]);
  });

  it('answers 400 for a cursor it did not issue', () => {
    expect(
      problemOf(() => listFilters({ cursor: 'abc', limit: 20 }, { ...cpf, value: undefined })).statusCode,
    ).toBe(400);
  });
});
