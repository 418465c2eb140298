/**
 * Brazilian document and contact formats: normalization to the stored form plus validation.
 *
 * Dependency-free on purpose: the same module runs in the API (before anything reaches SQL) and in the web pages
 * (to give the same answer while the user types). Every `parse*` function accepts what people actually type
 * (punctuation, spaces, mixed case), returns the canonical stored value, and rejects anything else instead of
 * silently dropping characters (stripping letters would turn "12a.456..." into a different, "valid" number).
 */

export type Parsed = { ok: true; value: string } | { ok: false; message: string };

const ok = (value: string): Parsed => ({ ok: true, value });
const fail = (message: string): Parsed => ({ ok: false, message });

/** Separators people type inside numbers: dots, dashes, slashes, spaces and phone parentheses. */
const SEPARATORS = /[\s.\-/()]/g;

/** Strips separators; `undefined` when anything other than digits remains. */
function digitsOf(input: string): string | undefined {
  const stripped = input.replace(SEPARATORS, '');
  return /^\d*$/.test(stripped) ? stripped : undefined;
}

const allEqual = (digits: string): boolean => /^(\d)\1*$/.test(digits);

/**
 * Mod-11 check digit over `digits` with the weights counting down from `firstWeight` and wrapping after 2 back to 9
 * (CPF weights never reach the wrap; CNPJ's do). Remainders 0 and 1 give 0.
 */
function mod11CheckDigit(digits: string, firstWeight: number): number {
  let sum = 0;
  let weight = firstWeight;
  for (const digit of digits) {
    sum += Number(digit) * weight;
    weight = weight === 2 ? 9 : weight - 1;
  }
  const remainder = sum % 11;
  return remainder < 2 ? 0 : 11 - remainder;
}

/** True for 11 digits with valid check digits and not all equal (000.000.000-00 passes the arithmetic). */
export function isValidCpf(digits: string): boolean {
  if (!/^\d{11}$/.test(digits) || allEqual(digits)) return false;
  const first = mod11CheckDigit(digits.slice(0, 9), 10);
  const second = mod11CheckDigit(digits.slice(0, 10), 11);
  return digits[9] === String(first) && digits[10] === String(second);
}

/** True for 14 digits with valid check digits and not all equal. */
export function isValidCnpj(digits: string): boolean {
  if (!/^\d{14}$/.test(digits) || allEqual(digits)) return false;
  const first = mod11CheckDigit(digits.slice(0, 12), 5);
  const second = mod11CheckDigit(digits.slice(0, 13), 6);
  return digits[12] === String(first) && digits[13] === String(second);
}

/** `123.456.789-09` or `12345678909` → `12345678909`. */
export function parseCpf(input: string): Parsed {
  const digits = digitsOf(input);
  if (digits === undefined || digits.length !== 11) return fail('CPF must have 11 digits');
  if (allEqual(digits)) return fail('CPF cannot have all digits equal');
  return isValidCpf(digits) ? ok(digits) : fail('CPF check digits do not match');
}

/** `11.222.333/0001-81` or `11222333000181` → `11222333000181`. */
export function parseCnpj(input: string): Parsed {
  const digits = digitsOf(input);
  if (digits === undefined || digits.length !== 14) return fail('CNPJ must have 14 digits');
  if (allEqual(digits)) return fail('CNPJ cannot have all digits equal');
  return isValidCnpj(digits) ? ok(digits) : fail('CNPJ check digits do not match');
}

/** `01310-100` → `01310100`; 00000-000 is not a postal code. */
export function parseCep(input: string): Parsed {
  const digits = digitsOf(input);
  if (digits === undefined || digits.length !== 8) return fail('CEP must have 8 digits');
  return digits === '00000000' ? fail('CEP cannot be 00000-000') : ok(digits);
}

/**
 * `(11) 98765-4321` → `11987654321`. Area code (DDD) plus number, without the country code: 10 digits for
 * landlines, 11 for mobiles (which start with 9). Brazilian area codes never contain a zero.
 */
export function parsePhone(input: string): Parsed {
  const digits = digitsOf(input);
  if (digits === undefined || digits.length < 10 || digits.length > 11) {
    return fail('phone must have 10 or 11 digits including the area code');
  }
  if (digits[0] === '0' || digits[1] === '0') return fail('phone area code is invalid');
  if (digits.length === 11 && digits[2] !== '9')
    return fail('11-digit phone numbers must be mobiles starting with 9');
  return ok(digits);
}

/** Registration numbers whose format varies by issuer: separators removed, then 1–20 letters and digits. */
function alphanumericNumber(label: string) {
  return (input: string): Parsed => {
    const value = input.replace(SEPARATORS, '').toUpperCase();
    return /^[0-9A-Z]{1,20}$/.test(value) ? ok(value) : fail(`${label} must have 1 to 20 letters or digits`);
  };
}

/** `12.345.678-x` → `12345678X` (RG formats differ per issuing state). */
export const parseRg = alphanumericNumber('RG');

/** State and municipal tax registrations (inscrição estadual/municipal), e.g. `110.042.490.114` → `110042490114`. */
export const parseInscricao = alphanumericNumber('inscrição');

/** `52998224725` → `***.982.247-**`: enough to tell people apart in a list without exposing the document. */
export function maskCpf(digits: string): string {
  return `***.${digits.slice(3, 6)}.${digits.slice(6, 9)}-**`;
}

/** The 26 states and the Federal District. */
export const UFS = [
  'AC',
  'AL',
  'AP',
  'AM',
  'BA',
  'CE',
  'DF',
  'ES',
  'GO',
  'MA',
  'MT',
  'MS',
  'MG',
  'PA',
  'PB',
  'PR',
  'PE',
  'PI',
  'RJ',
  'RN',
  'RS',
  'RO',
  'RR',
  'SC',
  'SP',
  'SE',
  'TO',
] as const;
export type Uf = (typeof UFS)[number];

const UF_SET: ReadonlySet<string> = new Set(UFS);

export function isUf(value: string): value is Uf {
  return UF_SET.has(value);
}

/** ` sp ` → `SP`. */
export function parseUf(input: string): Parsed {
  const uf = input.trim().toUpperCase();
  return isUf(uf) ? ok(uf) : fail('UF must be one of the 27 Brazilian federative units');
}

/** RFC 5321 caps a forward path at 254 characters. */
export const EMAIL_MAX_LENGTH = 254;
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** ` Maria@Example.COM ` → `maria@example.com` (addresses are compared case-insensitively everywhere). */
export function parseEmail(input: string): Parsed {
  const email = input.trim().toLowerCase();
  if (email.length > EMAIL_MAX_LENGTH) return fail(`e-mail must have at most ${EMAIL_MAX_LENGTH} characters`);
  return EMAIL_SHAPE.test(email) ? ok(email) : fail('e-mail address is invalid');
}

export interface FieldError {
  field: string;
  message: string;
}

/** Field name → parser, e.g. `{ cpf: parseCpf, cep: parseCep }`. */
export type FieldParsers = Readonly<Record<string, (input: string) => Parsed>>;

/**
 * Normalizes the string properties of `input`: those with a parser get its canonical value, every other string is
 * trimmed and must not end up blank. Returns a copy and one error per invalid field (named `${prefix}${field}`,
 * e.g. `socios.0.cpf`). Absent and null properties are left as they are, so the same parsers serve creates
 * (required-ness is the schema's job) and partial updates (null clears a field).
 */
export function normalizeFields<T extends Record<string, unknown>>(
  input: T,
  parsers: FieldParsers,
  prefix = '',
): { value: T; errors: FieldError[] } {
  const value: Record<string, unknown> = { ...input };
  const errors: FieldError[] = [];
  for (const [field, raw] of Object.entries(input)) {
    if (typeof raw !== 'string') continue;
    const parse = parsers[field];
    const parsed = parse ? parse(raw) : raw.trim() === '' ? fail('must not be blank') : ok(raw.trim());
    if (parsed.ok) value[field] = parsed.value;
    else errors.push({ field: `${prefix}${field}`, message: parsed.message });
  }
  return { value: value as T, errors };
}
