/** The five user types and their access levels (issue 6); the server enforces them, the pages only mirror them. */
export const ROLE_LEVEL = {
  ADMIN: 5,
  GESTOR: 4,
  ANALISTA: 3,
  OPERADOR: 2,
  VISUALIZADOR: 1,
} as const;

export type Role = keyof typeof ROLE_LEVEL;

export const ROLE_LABEL: Record<Role, string> = {
  ADMIN: 'Administrador',
  GESTOR: 'Gestor',
  ANALISTA: 'Analista',
  OPERADOR: 'Operador',
  VISUALIZADOR: 'Visualizador',
};

export const ROLES = Object.keys(ROLE_LEVEL) as Role[];

/** Roles an applicant may request (never ADMIN). */
export const REQUESTABLE_ROLES: Role[] = ['GESTOR', 'ANALISTA', 'OPERADOR', 'VISUALIZADOR'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && value in ROLE_LEVEL;
}

export function hasRole(role: Role | undefined, minimum: Role): boolean {
  return role !== undefined && ROLE_LEVEL[role] >= ROLE_LEVEL[minimum];
}

/** Roles `granter` may grant or assign: at most their own level. */
export function grantableRoles(granter: Role): Role[] {
  return ROLES.filter((role) => ROLE_LEVEL[role] <= ROLE_LEVEL[granter]);
}

export const STATUS_LABEL: Record<string, string> = {
  AGUARDANDO_APROVACAO: 'Aguardando aprovação',
  APROVADO: 'Aprovado',
  REJEITADO: 'Rejeitado',
  SUSPENSO: 'Suspenso',
  INATIVO: 'Inativo',
};
