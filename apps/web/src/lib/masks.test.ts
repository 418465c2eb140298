import { describe, expect, it } from 'vitest';
import { applyPattern, formatMasked, onlyDigits } from './masks';

describe('masks', () => {
  it('formats each kind as people write it', () => {
    expect(formatMasked('cpf', '52998224725')).toBe('529.982.247-25');
    expect(formatMasked('cnpj', '11222333000181')).toBe('11.222.333/0001-81');
    expect(formatMasked('cep', '70040010')).toBe('70040-010');
    expect(formatMasked('phone', '6133334444')).toBe('(61) 3333-4444');
    expect(formatMasked('phone', '61998765432')).toBe('(61) 99876-5432');
  });

  it('formats partial input without dangling punctuation and drops extra digits', () => {
    expect(formatMasked('cpf', '5299')).toBe('529.9');
    expect(formatMasked('cpf', '529')).toBe('529');
    expect(formatMasked('cep', '700400109999')).toBe('70040-010');
    expect(applyPattern('', '000.000')).toBe('');
  });

  it('reformats pasted values that already carry punctuation or letters', () => {
    expect(formatMasked('cpf', '529.982.247-25')).toBe('529.982.247-25');
    expect(formatMasked('phone', '+55 (61) 9 9876-5432')).toBe('(55) 61998-7654');
    expect(onlyDigits('a1b2-3')).toBe('123');
    expect(formatMasked('cnpj', null)).toBe('');
  });
});
