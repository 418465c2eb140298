/**
 * Input masks for Brazilian numbers, written for plain inputs: the value shown keeps the punctuation people expect,
 * the value sent to the API is digits only (`unmask`). The caret stays after the same digit while typing mid-field.
 */
export type MaskKind = 'cpf' | 'cnpj' | 'cep' | 'phone';

/** `0` marks a digit slot; anything else is punctuation inserted once the digits reach it. */
const PATTERNS: Record<Exclude<MaskKind, 'phone'>, string> = {
  cpf: '000.000.000-00',
  cnpj: '00.000.000/0000-00',
  cep: '00000-000',
};
const PHONE_LANDLINE = '(00) 0000-0000';
const PHONE_MOBILE = '(00) 00000-0000';

export const onlyDigits = (value: string): string => value.replace(/\D/g, '');

/** Fills the pattern's digit slots with `digits`, stopping at the last digit (no dangling punctuation). */
export function applyPattern(digits: string, pattern: string): string {
  let out = '';
  let next = 0;
  for (const slot of pattern) {
    if (next >= digits.length) break;
    if (slot === '0') out += digits[next++];
    else out += slot;
  }
  return out;
}

export function patternFor(kind: MaskKind, digits: string): string {
  if (kind === 'phone') return digits.length > 10 ? PHONE_MOBILE : PHONE_LANDLINE;
  return PATTERNS[kind];
}

export function maxDigits(kind: MaskKind): number {
  return onlyDigits(kind === 'phone' ? PHONE_MOBILE : PATTERNS[kind]).length;
}

/** The display form of a stored value, e.g. `formatMasked('cpf', '12345678909')` → `123.456.789-09`. */
export function formatMasked(kind: MaskKind, value: string | null | undefined): string {
  const digits = onlyDigits(value ?? '').slice(0, maxDigits(kind));
  return applyPattern(digits, patternFor(kind, digits));
}

export function isMaskKind(value: string | undefined): value is MaskKind {
  return value === 'cpf' || value === 'cnpj' || value === 'cep' || value === 'phone';
}

function reformat(input: HTMLInputElement, kind: MaskKind): void {
  const caret = input.selectionStart ?? input.value.length;
  const digitsBeforeCaret = onlyDigits(input.value.slice(0, caret)).length;
  const formatted = formatMasked(kind, input.value);
  input.value = formatted;
  // Put the caret back after the same number of digits it followed before reformatting.
  let position = 0;
  for (let seen = 0; position < formatted.length && seen < digitsBeforeCaret; position++) {
    if (/\d/.test(formatted[position]!)) seen++;
  }
  if (document.activeElement === input) input.setSelectionRange(position, position);
}

/** Masks every `input[data-mask]` under `root` (the attribute names the kind). */
export function attachMasks(root: ParentNode = document): void {
  for (const input of root.querySelectorAll<HTMLInputElement>('input[data-mask]')) {
    const kind = input.dataset.mask;
    if (!isMaskKind(kind) || input.dataset.maskAttached) continue;
    input.dataset.maskAttached = 'true';
    input.inputMode = 'numeric';
    input.maxLength = patternFor(kind, '0'.repeat(maxDigits(kind))).length;
    input.addEventListener('input', () => reformat(input, kind));
    if (input.value) input.value = formatMasked(kind, input.value);
  }
}
