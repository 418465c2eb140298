import { randomInt } from 'node:crypto';

/** Mod-11 check digit with weights counting down from `first` and wrapping after 2 back to 9. */
function checkDigit(digits: string, first: number): string {
  let sum = 0;
  let weight = first;
  for (const digit of digits) {
    sum += Number(digit) * weight;
    weight = weight === 2 ? 9 : weight - 1;
  }
  const remainder = sum % 11;
  return String(remainder < 2 ? 0 : 11 - remainder);
}

function randomDigits(count: number): string {
  let digits = '';
  while (digits.length < count) digits += String(randomInt(10));
  // All-equal bases are invalid whatever the check digits; vanishingly rare, but never return one.
  return /^(\d)\1*$/.test(digits) ? randomDigits(count) : digits;
}

/** A random CPF with valid check digits (11 digits, no punctuation). Test data only. */
export function fakeCpf(): string {
  const base = randomDigits(9);
  const first = checkDigit(base, 10);
  return base + first + checkDigit(base + first, 11);
}

/** A random CNPJ with valid check digits (14 digits). Test data only. */
export function fakeCnpj(): string {
  const base = `${randomDigits(8)}0001`;
  const first = checkDigit(base, 5);
  return base + first + checkDigit(base + first, 6);
}
