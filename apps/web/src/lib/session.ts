import { ApiError, api } from './api';
import { isRole, type Role } from './roles';

/** The signed-in user as `GET /api/v1/auth/me` returns it (fields the pages use). */
export interface User {
  id: string;
  username: string;
  email?: string;
  email_institucional?: string;
  nome?: string;
  nome_completo?: string;
  tipo_usuario: Role;
  status?: string;
}

let current: Promise<User | null> | undefined;

/** The signed-in user, or null (asked once per page load). */
export function currentUser(): Promise<User | null> {
  current ??= api
    .get<{ user: User }>('/auth/me', undefined, { redirectOnUnauthorized: false })
    .then(({ user }) => (isRole(user.tipo_usuario) ? user : null))
    .catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    });
  return current;
}

export function displayName(user: User): string {
  return user.nome ?? user.nome_completo ?? user.username;
}

export async function logout(): Promise<void> {
  await api.post('/auth/logout', undefined, { redirectOnUnauthorized: false }).catch(() => undefined);
  location.assign('/entrar');
}
