import {
  EMAIL_MAX_LENGTH,
  type Parsed,
  parseCep,
  parseCnpj,
  parseCpf,
  parseEmail,
  parsePhone,
  parseUf,
} from '@sigma-pli/documents';

export { isValidCnpj, isValidCpf, UFS } from '@sigma-pli/documents';
export { EMAIL_MAX_LENGTH };

/**
 * Client-side checks with the server's own rules (`apps/api/src/domain/documents.ts`, bundled): the pages answer
 * while the user types, the API still decides. Messages from that module are in English; people read pt-BR.
 */
const PT_BR: Record<string, string> = {
  'CPF must have 11 digits': 'O CPF deve ter 11 dígitos.',
  'CPF cannot have all digits equal': 'O CPF não pode ter todos os dígitos iguais.',
  'CPF check digits do not match': 'CPF inválido: os dígitos verificadores não conferem.',
  'CNPJ must have 14 digits': 'O CNPJ deve ter 14 dígitos.',
  'CNPJ cannot have all digits equal': 'O CNPJ não pode ter todos os dígitos iguais.',
  'CNPJ check digits do not match': 'CNPJ inválido: os dígitos verificadores não conferem.',
  'CEP must have 8 digits': 'O CEP deve ter 8 dígitos.',
  'CEP cannot be 00000-000': 'CEP inválido.',
  'phone must have 10 or 11 digits including the area code': 'Informe DDD e número (10 ou 11 dígitos).',
  'phone area code is invalid': 'DDD inválido.',
  '11-digit phone numbers must be mobiles starting with 9':
    'Celulares com 11 dígitos começam com 9 após o DDD.',
  'UF must be one of the 27 Brazilian federative units': 'Selecione uma UF válida.',
  'e-mail address is invalid': 'Informe um e-mail válido.',
  [`e-mail must have at most ${EMAIL_MAX_LENGTH} characters`]: `O e-mail deve ter no máximo ${EMAIL_MAX_LENGTH} caracteres.`,
};

/** JSON-schema (ajv) messages the API returns for shape errors. */
const PT_BR_PATTERNS: [RegExp, string][] = [
  [/^must NOT have fewer than (\d+) characters$/, 'Use pelo menos $1 caracteres.'],
  [/^must NOT have more than (\d+) characters$/, 'Use no máximo $1 caracteres.'],
  [/^must have required property/, 'Campo obrigatório.'],
  [/^must match format "date"$/, 'Data inválida.'],
  [/^must match format "email"$/, 'Informe um e-mail válido.'],
  [/^must be equal to one of the allowed values$/, 'Valor não permitido.'],
  [/^must match pattern/, 'Formato inválido.'],
];

/** The pt-BR wording of a validation message when one is known; otherwise the message as given. */
export function translateMessage(message: string): string {
  const known = PT_BR[message];
  if (known) return known;
  for (const [pattern, text] of PT_BR_PATTERNS) {
    const match = pattern.exec(message);
    if (match) return text.replace(/\$(\d)/g, (_, group: string) => match[Number(group)] ?? '');
  }
  return message;
}

export const PARSERS = {
  cpf: parseCpf,
  cnpj: parseCnpj,
  cep: parseCep,
  phone: parsePhone,
  uf: parseUf,
  email: parseEmail,
} satisfies Record<string, (input: string) => Parsed>;

export type ValidatorKind = keyof typeof PARSERS;

export function isValidatorKind(value: string | undefined): value is ValidatorKind {
  return value !== undefined && value in PARSERS;
}

/** The pt-BR error for `value` under `kind`, or undefined when it is valid. */
export function checkValue(kind: ValidatorKind, value: string): string | undefined {
  const parsed = PARSERS[kind](value);
  return parsed.ok ? undefined : translateMessage(parsed.message);
}

/** Password rule mirrored from issue 6: at least 10 characters and not all of one class. */
export const PASSWORD_MIN_LENGTH = 10;

const CHARACTER_CLASSES = [/[a-z]/, /[A-Z]/, /\d/, /[^a-zA-Z\d]/];

export function passwordClasses(password: string): number {
  return CHARACTER_CLASSES.filter((pattern) => pattern.test(password)).length;
}

export function checkPassword(password: string): string | undefined {
  if (password.length < PASSWORD_MIN_LENGTH)
    return `A senha deve ter pelo menos ${PASSWORD_MIN_LENGTH} caracteres.`;
  if (passwordClasses(password) < 2)
    return 'Misture letras, números ou símbolos (não use só um tipo de caractere).';
  return undefined;
}

/** 0–4 for the strength meter: length and variety, the two things a user can act on. */
export function passwordStrength(password: string): { score: number; label: string } {
  let score = 0;
  if (password.length >= PASSWORD_MIN_LENGTH) score++;
  if (password.length >= 14) score++;
  score += Math.max(0, passwordClasses(password) - 1);
  score = Math.min(4, checkPassword(password) ? Math.min(score, 1) : score);
  const labels = ['Muito fraca', 'Fraca', 'Razoável', 'Boa', 'Forte'];
  return { score, label: labels[score]! };
}
