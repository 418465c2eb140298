/** The five account types and their levels; a higher level includes every permission of the lower ones. */
export const ROLE_LEVELS = {
  VISUALIZADOR: 1,
  OPERADOR: 2,
  ANALISTA: 3,
  GESTOR: 4,
  ADMIN: 5,
} as const;

export type Role = keyof typeof ROLE_LEVELS;
export const ROLES = Object.keys(ROLE_LEVELS) as Role[];
/** Types an applicant may ask for at registration: ADMIN is only ever granted. */
export const REQUESTABLE_ROLES = ROLES.filter((role) => role !== 'ADMIN');

export const USER_STATUSES = [
  'AGUARDANDO_APROVACAO',
  'APROVADO',
  'REJEITADO',
  'SUSPENSO',
  'INATIVO',
] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export function roleLevel(role: Role): number {
  return ROLE_LEVELS[role];
}

/** True when an account of `role` may use something that requires `minRole`. */
export function hasRole(role: Role, minRole: Role): boolean {
  return ROLE_LEVELS[role] >= ROLE_LEVELS[minRole];
}

/** The authenticated account, as routes see it on `request.user`. */
export interface AuthUser {
  id: string;
  username: string;
  tipoUsuario: Role;
  nivel: number;
  /** Null only for the bootstrap administrator, created before anyone is registered. */
  pessoaFisicaId: string | null;
}

/**
 * Every route declares who may call it: `{ access: 'public' }` or `{ minRole: 'OPERADOR' }`. The auth guard
 * enforces it; a test fails for any /api/v1 route that declares neither.
 */
export type RouteAccess = { access: 'public'; minRole?: never } | { minRole: Role; access?: never };
