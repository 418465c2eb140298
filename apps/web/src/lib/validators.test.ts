import { describe, expect, it } from 'vitest';
import { checkPassword, checkValue, passwordStrength, translateMessage } from './validators';

describe('client-side checks (the server rules from documents.ts)', () => {
  it('accepts valid numbers and names the problem of invalid ones in pt-BR', () => {
    expect(checkValue('cpf', '529.982.247-25')).toBeUndefined();
    expect(checkValue('cpf', '529.982.247-26')).toBe('CPF inválido: os dígitos verificadores não conferem.');
    expect(checkValue('cpf', '111.111.111-11')).toBe('O CPF não pode ter todos os dígitos iguais.');
    expect(checkValue('cpf', '5299822')).toBe('O CPF deve ter 11 dígitos.');
    expect(checkValue('cnpj', '11.222.333/0001-81')).toBeUndefined();
    expect(checkValue('cnpj', '11.222.333/0001-82')).toBe(
      'CNPJ inválido: os dígitos verificadores não conferem.',
    );
    expect(checkValue('cep', '00000-000')).toBe('CEP inválido.');
    expect(checkValue('phone', '(61) 3333-4444')).toBeUndefined();
    expect(checkValue('phone', '(61) 83333-4444')).toBe('Celulares com 11 dígitos começam com 9 após o DDD.');
    expect(checkValue('uf', 'XX')).toBe('Selecione uma UF válida.');
    expect(checkValue('email', 'maria@@exemplo')).toBe('Informe um e-mail válido.');
  });

  it('applies the password policy: 10 characters from at least two classes', () => {
    expect(checkPassword('curta1')).toContain('pelo menos 10');
    expect(checkPassword('somenteletras')).toContain('Misture');
    expect(checkPassword('letras-e-simbolos')).toBeUndefined();
  });

  it('scores strength by length and variety, never above "Fraca" for a refused password', () => {
    expect(passwordStrength('abc').score).toBe(0);
    expect(passwordStrength('somenteletrasmuitaslongas').score).toBeLessThanOrEqual(1);
    expect(passwordStrength('Cadastro-de-teste-2026')).toEqual({ score: 4, label: 'Forte' });
  });

  it('translates JSON-schema messages from the API and leaves unknown ones as they are', () => {
    expect(translateMessage('must NOT have fewer than 10 characters')).toBe('Use pelo menos 10 caracteres.');
    expect(translateMessage('must have required property nome')).toBe('Campo obrigatório.');
    expect(translateMessage('senha atual incorreta')).toBe('senha atual incorreta');
  });
});
