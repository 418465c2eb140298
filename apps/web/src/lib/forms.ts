import { ApiError, type FieldError, problemMessage } from './api';
import { onlyDigits } from './masks';
import { checkPassword, checkValue, isValidatorKind, translateMessage } from './validators';

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

const CONTROLS = 'input[name], select[name], textarea[name]';

function controls(form: HTMLElement): Control[] {
  return [...form.querySelectorAll<Control>(CONTROLS)].filter((control) => !control.disabled);
}

function controlFor(form: HTMLElement, field: string): Control | undefined {
  return controls(form).find((control) => control.name === field);
}

/** The form-level alert (`[data-form-alert]`), created at the top of the form when the page has none. */
function formAlert(form: HTMLElement): HTMLElement {
  let alert = form.querySelector<HTMLElement>('[data-form-alert]');
  if (!alert) {
    alert = document.createElement('div');
    alert.dataset.formAlert = '';
    alert.className = 'alert alert-danger';
    alert.setAttribute('role', 'alert');
    alert.hidden = true;
    form.prepend(alert);
  }
  return alert;
}

function feedbackFor(control: Control): HTMLElement {
  const id = `${control.id || control.name.replaceAll('.', '-')}-erro`;
  let feedback = document.getElementById(id);
  if (!feedback) {
    feedback = document.createElement('div');
    feedback.id = id;
    feedback.className = 'invalid-feedback';
    // Inside an input group the feedback must be a sibling of the group to display.
    const anchor = control.closest('.input-group') ?? control;
    anchor.after(feedback);
  }
  const described = new Set((control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean));
  described.add(id);
  control.setAttribute('aria-describedby', [...described].join(' '));
  return feedback;
}

export function clearErrors(form: HTMLElement): void {
  for (const control of form.querySelectorAll<Control>('.is-invalid')) {
    control.classList.remove('is-invalid');
    control.removeAttribute('aria-invalid');
  }
  for (const feedback of form.querySelectorAll<HTMLElement>('.invalid-feedback')) feedback.textContent = '';
  const alert = form.querySelector<HTMLElement>('[data-form-alert]');
  if (alert) {
    alert.hidden = true;
    alert.textContent = '';
  }
}

/**
 * Shows each error next to its field (unknown fields and `summary` in the form's alert) and moves focus to the first
 * invalid field in page order, or to the alert when no field is named.
 */
export function showErrors(form: HTMLElement, errors: FieldError[], summary?: string): void {
  clearErrors(form);
  const unplaced: string[] = [];
  for (const error of errors) {
    const control = controlFor(form, error.field);
    const message = translateMessage(error.message);
    if (!control) {
      unplaced.push(error.field ? `${error.field}: ${message}` : message);
      continue;
    }
    control.classList.add('is-invalid');
    control.setAttribute('aria-invalid', 'true');
    const feedback = feedbackFor(control);
    feedback.textContent = feedback.textContent ? `${feedback.textContent} ${message}` : message;
  }
  const alert = formAlert(form);
  const lines = [summary, ...unplaced].filter((line): line is string => Boolean(line));
  if (lines.length > 0) {
    alert.replaceChildren(
      ...lines.map((line) => Object.assign(document.createElement('div'), { textContent: line })),
    );
    alert.hidden = false;
  }
  const firstInvalid = controls(form).find((control) => control.classList.contains('is-invalid'));
  if (firstInvalid) firstInvalid.focus();
  else if (lines.length > 0) {
    alert.tabIndex = -1;
    alert.focus();
  }
}

/** Shows an API error on the form: field errors next to fields, the problem's title/detail in the alert. */
export function showApiError(form: HTMLElement, error: unknown): void {
  if (error instanceof ApiError) {
    const summary =
      error.fieldErrors.length > 0 ? 'Corrija os campos destacados.' : problemMessage(error.problem);
    showErrors(form, error.fieldErrors, summary);
  } else {
    showErrors(form, [], 'Erro inesperado. Tente novamente.');
  }
}

/**
 * Client-side checks: `required`, `type=email`, `minlength`, `data-validate="cpf|cnpj|cep|phone|uf|email|password"`
 * and `data-match="<other field>"`. Returns the errors (empty when the form is valid).
 */
export function validateForm(form: HTMLElement): FieldError[] {
  const errors: FieldError[] = [];
  for (const control of controls(form)) {
    if (control.closest('[hidden]')) continue;
    const value =
      control instanceof HTMLInputElement && control.type === 'checkbox' ? '' : control.value.trim();
    if (control instanceof HTMLInputElement && control.type === 'checkbox') {
      if (control.required && !control.checked)
        errors.push({ field: control.name, message: 'Campo obrigatório.' });
      continue;
    }
    if (!value) {
      if (control.required) errors.push({ field: control.name, message: 'Campo obrigatório.' });
      continue;
    }
    const kind = control.dataset.validate ?? (control.type === 'email' ? 'email' : undefined);
    let message: string | undefined;
    if (kind === 'password') message = checkPassword(control.value);
    else if (isValidatorKind(kind)) message = checkValue(kind, value);
    const minLength = Number(control.getAttribute('minlength') ?? 0);
    if (!message && minLength && value.length < minLength)
      message = `Use pelo menos ${minLength} caracteres.`;
    const match = control.dataset.match;
    if (!message && match && controlFor(form, match)?.value !== control.value)
      message = 'Os valores não conferem.';
    if (message) errors.push({ field: control.name, message });
  }
  return errors;
}

/** Validates and, when invalid, shows the errors and focuses the first one. True when the form may be sent. */
export function checkForm(form: HTMLElement): boolean {
  const errors = validateForm(form);
  if (errors.length > 0) showErrors(form, errors, 'Corrija os campos destacados.');
  else clearErrors(form);
  return errors.length === 0;
}

/**
 * The named controls as a JSON body: masked fields as digits only, empty fields omitted (or `null` with
 * `emptyAs: null`, which a PATCH uses to clear a field), checkboxes as booleans, dotted names as nested objects/arrays.
 */
export function readForm(form: HTMLElement, options: { emptyAs?: null } = {}): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const control of controls(form)) {
    if (control.dataset.send === 'false') continue;
    let value: unknown;
    if (control instanceof HTMLInputElement && control.type === 'checkbox') value = control.checked;
    else {
      const text = control.dataset.mask ? onlyDigits(control.value) : control.value.trim();
      if (text === '') {
        if (!('emptyAs' in options)) continue;
        value = null;
      } else value = control.type === 'number' ? Number(text) : text;
    }
    setPath(body, control.name.split('.'), value);
  }
  return body;
}

function setPath(target: Record<string, unknown> | unknown[], path: string[], value: unknown): void {
  const [head, ...rest] = path as [string, ...string[]];
  const key: string | number = Array.isArray(target) ? Number(head) : head;
  const container = target as Record<string | number, unknown>;
  if (rest.length === 0) {
    container[key] = value;
    return;
  }
  if (container[key] === undefined) container[key] = /^\d+$/.test(rest[0]!) ? [] : {};
  setPath(container[key] as Record<string, unknown>, rest, value);
}

/** Fills the named controls from a record (masked inputs formatted by their mask listener). */
export function fillForm(form: HTMLElement, record: Record<string, unknown>): void {
  for (const control of controls(form)) {
    const value = control.name.split('.').reduce<unknown>((node, key) => {
      return node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    }, record);
    if (control instanceof HTMLInputElement && control.type === 'checkbox') control.checked = value === true;
    else if (control instanceof HTMLInputElement && control.type === 'date' && typeof value === 'string')
      control.value = value.slice(0, 10);
    else control.value = value === null || value === undefined ? '' : String(value);
    if (control.dataset.mask) control.dispatchEvent(new Event('input'));
  }
}

/** Disables the submit button while `work` runs, so a double click sends one request. */
export async function whileBusy<T>(form: HTMLFormElement, work: () => Promise<T>): Promise<T> {
  const buttons = [...form.querySelectorAll<HTMLButtonElement>('button[type=submit]')];
  for (const button of buttons) button.disabled = true;
  form.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    for (const button of buttons) button.disabled = false;
    form.removeAttribute('aria-busy');
  }
}
