import { describe, expect, it } from 'vitest';
import { prefixSearchQuery, todayInBrasilia } from '../../src/domain/registry';

describe('todayInBrasilia', () => {
  it('is the calendar day in Brasília, which lags UTC by three hours', () => {
    expect(todayInBrasilia(new Date('2026-11-29T02:59:00Z'))).toBe('2026-11-28');
    expect(todayInBrasilia(new Date('2026-11-29T03:00:00Z'))).toBe('2026-11-29');
  });
});

describe('prefixSearchQuery', () => {
  it('turns the words of a name into prefix terms, keeping accents for the database to fold', () => {
    expect(prefixSearchQuery('  Maria  da-Silva ')).toBe('Maria:* & da:* & Silva:*');
    expect(prefixSearchQuery("João d'Ávila 42")).toBe('João:* & d:* & Ávila:* & 42:*');
  });

  it('drops tsquery syntax, so user input can never break or widen the query', () => {
    expect(prefixSearchQuery("ana & !(bia | 'x':*)")).toBe('ana:* & bia:* & x:*');
    expect(prefixSearchQuery('!!! --')).toBeUndefined();
  });

  it('uses at most eight words', () => {
    expect(prefixSearchQuery('a b c d e f g h i j')?.split(' & ')).toHaveLength(8);
  });
});
