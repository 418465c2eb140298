import { formatMasked } from './masks';
import { isRole, ROLE_LABEL, STATUS_LABEL } from './roles';

const DATE = new Intl.DateTimeFormat('pt-BR', { timeZone: 'UTC' });
const DATE_TIME = new Intl.DateTimeFormat('pt-BR', { dateStyle: 'short', timeStyle: 'short' });
const NUMBER = new Intl.NumberFormat('pt-BR');

export const formatCpf = (value: string | null | undefined) => formatMasked('cpf', value);
export const formatCnpj = (value: string | null | undefined) => formatMasked('cnpj', value);
export const formatCep = (value: string | null | undefined) => formatMasked('cep', value);
export const formatPhone = (value: string | null | undefined) => formatMasked('phone', value);

/** A calendar date (`2024-03-01`) as `01/03/2024`, without shifting it through the local time zone. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? value : DATE.format(date);
}

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : DATE_TIME.format(date);
}

export const formatNumber = (value: number) => NUMBER.format(value);

export function roleLabel(value: unknown): string {
  return isRole(value) ? ROLE_LABEL[value] : String(value ?? '');
}

export function statusLabel(value: unknown): string {
  return STATUS_LABEL[String(value)] ?? String(value ?? '');
}
