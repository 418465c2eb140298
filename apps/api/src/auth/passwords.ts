import { type Algorithm, hash, verify } from '@node-rs/argon2';

/** `Algorithm.Argon2id` (an ambient const enum, which isolatedModules cannot read at runtime). */
const ARGON2ID = 2 as Algorithm;

/**
 * argon2id parameters. Production uses the OWASP baseline (19 MiB, 2 passes, 1 lane), about 25 ms per hash on one
 * core. NODE_ENV=test uses the minimum cost: the suites create and log in many accounts on 2 shared cores, and
 * they test behaviour, not hash strength. The parameters are encoded in each hash, so both verify anywhere.
 */
const PRODUCTION_PARAMS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
const TEST_PARAMS = { algorithm: ARGON2ID, memoryCost: 1_024, timeCost: 1, parallelism: 1 };

function params() {
  return process.env.NODE_ENV === 'test' ? TEST_PARAMS : PRODUCTION_PARAMS;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, params());
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies `password` against `passwordHash`; with no hash (unknown account) it verifies against a dummy hash so
 * that the response time does not reveal whether the account exists.
 */
export async function verifyPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  if (!passwordHash) {
    dummyHash ??= hashPassword('dummy password for timing equalisation');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}

/** Character classes counted by the password policy. */
const CLASSES = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/];

/** The password policy: at least 10 characters from at least two classes. Returns the problem, or undefined. */
export function passwordPolicyViolation(password: string): string | undefined {
  if (password.length < 10) return 'a senha deve ter pelo menos 10 caracteres';
  if (CLASSES.filter((pattern) => pattern.test(password)).length < 2) {
    return 'a senha deve misturar pelo menos dois tipos de caractere (minúsculas, maiúsculas, dígitos, símbolos)';
  }
  return undefined;
}
