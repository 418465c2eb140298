import { describe, expect, it } from 'vitest';
import {
  isValidCnpj,
  isValidCpf,
  maskCpf,
  normalizeFields,
  parseCep,
  parseCnpj,
  parseCpf,
  parseEmail,
  parseInscricao,
  parsePhone,
  parseRg,
  parseUf,
  UFS,
} from '../../src/domain/documents';

describe('CPF', () => {
  it.each([
    ['529.982.247-25', '52998224725'],
    ['52998224725', '52998224725'],
    [' 111.444.777-35 ', '11144477735'],
    ['390 533 447-05', '39053344705'],
  ])('accepts %s as %s', (input, stored) => {
    expect(parseCpf(input)).toEqual({ ok: true, value: stored });
  });

  it.each(['529.982.247-24', '52998224735', '11144477736'])(
    'rejects the wrong check digits of %s',
    (input) => {
      expect(parseCpf(input)).toEqual({ ok: false, message: 'CPF check digits do not match' });
    },
  );

  it.each(['000.000.000-00', '11111111111', '99999999999'])('rejects all-equal digits %s', (input) => {
    expect(parseCpf(input)).toEqual({ ok: false, message: 'CPF cannot have all digits equal' });
  });

  it.each(['5299822472', '529982247250', '529a9822472', '', '529.982.247-2X'])(
    'rejects malformed %j',
    (input) => {
      expect(parseCpf(input)).toEqual({ ok: false, message: 'CPF must have 11 digits' });
    },
  );

  it('masks all but the middle six digits for lists', () => {
    expect(maskCpf('52998224725')).toBe('***.982.247-**');
  });

  it('validates stored digits only (no punctuation)', () => {
    expect(isValidCpf('52998224725')).toBe(true);
    expect(isValidCpf('529.982.247-25')).toBe(false);
  });
});

describe('CNPJ', () => {
  it.each([
    ['11.222.333/0001-81', '11222333000181'],
    ['11222333000181', '11222333000181'],
    ['45.997.418/0001-53', '45997418000153'],
    ['33.000.167/0001-01', '33000167000101'],
  ])('normalizes %s to %s', (input, stored) => {
    expect(parseCnpj(input)).toEqual({ ok: true, value: stored });
  });

  it.each(['11.222.333/0001-82', '11222333000191', '45997418000154'])(
    'rejects the wrong check digits of %s',
    (input) => {
      expect(parseCnpj(input)).toEqual({ ok: false, message: 'CNPJ check digits do not match' });
    },
  );

  it.each(['00.000.000/0000-00', '11111111111111'])('rejects all-equal digits %s', (input) => {
    expect(parseCnpj(input)).toEqual({ ok: false, message: 'CNPJ cannot have all digits equal' });
  });

  it.each(['1122233300018', '112223330001811', 'AB.222.333/0001-81'])('rejects malformed %s', (input) => {
    expect(parseCnpj(input)).toEqual({ ok: false, message: 'CNPJ must have 14 digits' });
  });

  it('validates stored digits only', () => {
    expect(isValidCnpj('11222333000181')).toBe(true);
    expect(isValidCnpj('11.222.333/0001-81')).toBe(false);
  });
});

describe('CEP', () => {
  it('strips the dash', () => {
    expect(parseCep('01310-100')).toEqual({ ok: true, value: '01310100' });
    expect(parseCep('70040010')).toEqual({ ok: true, value: '70040010' });
  });

  it.each(['0131010', '013101000', '01310-10a'])('rejects %s', (input) => {
    expect(parseCep(input)).toEqual({ ok: false, message: 'CEP must have 8 digits' });
  });

  it('rejects the all-zero code', () => {
    expect(parseCep('00000-000').ok).toBe(false);
  });
});

describe('phone', () => {
  it.each([
    ['(11) 98765-4321', '11987654321'],
    ['(61) 3333-4444', '6133334444'],
    ['21 2222 3333', '2122223333'],
  ])('normalizes %s to %s', (input, stored) => {
    expect(parsePhone(input)).toEqual({ ok: true, value: stored });
  });

  it.each(['987654321', '119876543210', '+55 11 98765-4321', 'tel 1133334444'])(
    'rejects the length of %s',
    (input) => {
      expect(parsePhone(input).ok).toBe(false);
    },
  );

  it('rejects area codes with a zero and 11-digit landlines', () => {
    expect(parsePhone('01987654321')).toEqual({ ok: false, message: 'phone area code is invalid' });
    expect(parsePhone('1033334444')).toEqual({ ok: false, message: 'phone area code is invalid' });
    expect(parsePhone('11387654321').ok).toBe(false);
  });
});

describe('UF', () => {
  it('has the 27 federative units, each once', () => {
    expect(UFS).toHaveLength(27);
    expect(new Set(UFS).size).toBe(27);
  });

  it('upper-cases and trims', () => {
    expect(parseUf(' sp')).toEqual({ ok: true, value: 'SP' });
    expect(parseUf('Df')).toEqual({ ok: true, value: 'DF' });
  });

  it.each(['XX', 'S', 'SPA', 'GB', ''])('rejects %j', (input) => {
    expect(parseUf(input).ok).toBe(false);
  });
});

describe('e-mail', () => {
  it('lower-cases and trims', () => {
    expect(parseEmail('  Maria.Silva@Exemplo.GOV.br ')).toEqual({
      ok: true,
      value: 'maria.silva@exemplo.gov.br',
    });
  });

  it.each(['maria', 'maria@exemplo', 'ma ria@exemplo.br', '@exemplo.br', 'maria@@exemplo.br'])(
    'rejects %s',
    (input) => {
      expect(parseEmail(input)).toEqual({ ok: false, message: 'e-mail address is invalid' });
    },
  );

  it('rejects addresses longer than 254 characters', () => {
    expect(parseEmail(`${'a'.repeat(244)}@exemplo.br`).ok).toBe(false);
    expect(parseEmail(`${'a'.repeat(243)}@exemplo.br`).ok).toBe(true);
  });
});

describe('RG', () => {
  it('removes separators and upper-cases', () => {
    expect(parseRg('12.345.678-x')).toEqual({ ok: true, value: '12345678X' });
    expect(parseRg('MG 12.345.678')).toEqual({ ok: true, value: 'MG12345678' });
  });

  it.each(['', '12#345', '1'.repeat(21)])('rejects %j', (input) => {
    expect(parseRg(input).ok).toBe(false);
  });

  it('applies the same rule to inscrições', () => {
    expect(parseInscricao('110.042.490.114')).toEqual({ ok: true, value: '110042490114' });
    expect(parseInscricao('isento!')).toEqual({
      ok: false,
      message: 'inscrição must have 1 to 20 letters or digits',
    });
  });
});

describe('normalizeFields', () => {
  it('normalizes the fields it has parsers for and reports every invalid one with its prefix', () => {
    const result = normalizeFields(
      { nome: ' Ana ', cpf: '529.982.247-25', cep: '123', uf: 'zz', email: 'ANA@EXEMPLO.BR' },
      { cpf: parseCpf, cep: parseCep, uf: parseUf, email: parseEmail },
      'socios.0.',
    );
    expect(result.value).toEqual({
      nome: 'Ana',
      cpf: '52998224725',
      cep: '123',
      uf: 'zz',
      email: 'ana@exemplo.br',
    });
    expect(result.errors).toEqual([
      { field: 'socios.0.cep', message: 'CEP must have 8 digits' },
      { field: 'socios.0.uf', message: 'UF must be one of the 27 Brazilian federative units' },
    ]);
  });

  it('trims other text and rejects text that is only blanks', () => {
    const result = normalizeFields({ nome: '   ', cidade: ' Recife ', total: 3 }, {});
    expect(result.value).toEqual({ nome: '   ', cidade: 'Recife', total: 3 });
    expect(result.errors).toEqual([{ field: 'nome', message: 'must not be blank' }]);
  });

  it('leaves absent and null fields alone (partial updates)', () => {
    const result = normalizeFields({ nome: 'Ana', telefone: null }, { cpf: parseCpf, telefone: parsePhone });
    expect(result).toEqual({ value: { nome: 'Ana', telefone: null }, errors: [] });
  });
});
