import { describe, expect, it } from 'vitest';
import { buildUrl, normalizeField, problemTitle } from './api';

describe('API client helpers', () => {
  it('builds /api/v1 URLs without empty parameters', () => {
    expect(buildUrl('/pessoas-fisicas', { q: 'maria', uf: '', cursor: null, limit: 20 })).toBe(
      '/api/v1/pessoas-fisicas?q=maria&limit=20',
    );
    expect(buildUrl('/auth/me')).toBe('/api/v1/auth/me');
  });

  it('turns problem field paths into form control names', () => {
    expect(normalizeField('pessoa_fisica.cpf')).toBe('pessoa_fisica.cpf');
    expect(normalizeField('/socios/1/cpf')).toBe('socios.1.cpf');
    expect(normalizeField('querystring.cpf')).toBe('cpf');
  });

  it('titles problems in pt-BR by status', () => {
    expect(problemTitle({ title: 'Precondition Failed', status: 412 })).toBe(
      'O registro foi alterado por outra pessoa',
    );
    expect(problemTitle({ title: 'Teapot', status: 418 })).toBe('Teapot');
    expect(problemTitle({ title: 'Bad Gateway', status: 502 })).toBe('Erro no servidor');
  });
});
