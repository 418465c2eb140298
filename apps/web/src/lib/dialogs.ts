import 'sweetalert2/dist/sweetalert2.css';
import Swal, { type SweetAlertOptions } from 'sweetalert2';
import { ApiError, problemTitle } from './api';

/**
 * Confirmations and messages with SweetAlert2 (role="dialog", focus trapped and restored, Esc closes), never
 * `alert()`. Button colours come from Bootstrap classes, not inline styles (strict CSP).
 */
const base = Swal.mixin({
  buttonsStyling: false,
  customClass: {
    confirmButton: 'btn btn-primary mx-1',
    cancelButton: 'btn btn-outline-secondary mx-1',
    denyButton: 'btn btn-danger mx-1',
    input: 'form-control',
    validationMessage: 'text-danger',
  },
  cancelButtonText: 'Cancelar',
  confirmButtonText: 'OK',
  returnFocus: true,
});

export async function confirmAction(options: {
  title: string;
  text: string;
  confirmText: string;
  danger?: boolean;
}): Promise<boolean> {
  const result = await base.fire({
    icon: options.danger ? 'warning' : 'question',
    title: options.title,
    text: options.text,
    showCancelButton: true,
    confirmButtonText: options.confirmText,
    focusCancel: options.danger === true,
    customClass: {
      confirmButton: `btn ${options.danger ? 'btn-danger' : 'btn-primary'} mx-1`,
      cancelButton: 'btn btn-outline-secondary mx-1',
    },
  });
  return result.isConfirmed;
}

export async function showSuccess(title: string, text?: string): Promise<void> {
  await base.fire({ icon: 'success', title, text });
}

export async function showInfo(title: string, text?: string): Promise<void> {
  await base.fire({ icon: 'info', title, text });
}

/** The problem document's title and detail (and field messages), in a dialog. */
export async function showError(error: unknown, fallbackTitle = 'Não foi possível concluir'): Promise<void> {
  const options: SweetAlertOptions = { icon: 'error', title: fallbackTitle };
  if (error instanceof ApiError) {
    options.title = problemTitle(error.problem);
    const lines = [error.problem.detail, ...error.fieldErrors.map((e) => `${e.field}: ${e.message}`)];
    options.text = lines.filter(Boolean).join('\n');
  } else {
    options.text = 'Erro inesperado. Tente novamente.';
  }
  await base.fire(options);
}

/** Asks for a required text (e.g. a rejection reason); undefined when cancelled. */
export async function promptText(options: {
  title: string;
  label: string;
  confirmText: string;
  minLength?: number;
}): Promise<string | undefined> {
  const minLength = options.minLength ?? 1;
  const result = await base.fire({
    title: options.title,
    input: 'textarea',
    inputLabel: options.label,
    showCancelButton: true,
    confirmButtonText: options.confirmText,
    inputValidator: (value) =>
      value.trim().length < minLength ? `Informe pelo menos ${minLength} caracteres.` : undefined,
  });
  return result.isConfirmed ? String(result.value).trim() : undefined;
}

/** Asks to pick one of `choices` (value → label); undefined when cancelled. */
export async function promptChoice(options: {
  title: string;
  label: string;
  confirmText: string;
  choices: Record<string, string>;
  initial?: string;
}): Promise<string | undefined> {
  const result = await base.fire({
    title: options.title,
    input: 'select',
    inputLabel: options.label,
    inputOptions: options.choices,
    inputValue: options.initial ?? '',
    customClass: {
      input: 'form-select',
      confirmButton: 'btn btn-primary mx-1',
      cancelButton: 'btn btn-outline-secondary mx-1',
    },
    showCancelButton: true,
    confirmButtonText: options.confirmText,
  });
  return result.isConfirmed ? String(result.value) : undefined;
}

/** Shows built DOM content (never an HTML string) in a dialog. */
export async function showDetails(title: string, content: HTMLElement): Promise<void> {
  await base.fire({ title, html: content, width: '48rem', confirmButtonText: 'Fechar' });
}
