/** Small HTTP helpers for the preview's tests and benchmark (Node's fetch; no cookie jar, headers by hand). */

export interface Reply {
  status: number;
  headers: Headers;
  body: string;
}

export async function request(url: string, init: RequestInit & { timeoutMs?: number } = {}): Promise<Reply> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(init.timeoutMs ?? 15_000) });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

/** Logs in and returns the session cookie (`name=value`) to send back. */
export async function login(
  baseUrl: string,
  credentials: { login: string; password: string },
  headers: Record<string, string> = {},
): Promise<string> {
  const reply = await request(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(credentials),
  });
  if (reply.status !== 200) throw new Error(`login answered ${reply.status}: ${reply.body}`);
  const cookie = reply.headers.getSetCookie().find((value) => value.includes('='));
  if (!cookie) throw new Error('login set no cookie');
  return cookie.split(';')[0]!;
}

/** A valid CPF (check digits computed) for a 9-digit base; distinct bases give distinct CPFs. */
export function cpfFor(base: number): string {
  const digits = String(base % 1_000_000_000)
    .padStart(9, '0')
    .split('')
    .map(Number);
  // All-equal digits are invalid CPFs: nudge such bases.
  if (digits.every((digit) => digit === digits[0])) digits[8] = (digits[8]! + 1) % 10;
  for (const length of [9, 10]) {
    const sum = digits
      .slice(0, length)
      .reduce((total, digit, index) => total + digit * (length + 1 - index), 0);
    const remainder = (sum * 10) % 11;
    digits.push(remainder === 10 ? 0 : remainder);
  }
  return digits.join('');
}

/** A minimal valid pessoa física for the create endpoint (obviously fake person). */
export function pessoaFisica(base: number): Record<string, string> {
  return {
    nome_completo: `Pessoa de Teste ${base}`,
    cpf: cpfFor(base),
    data_nascimento: '1990-01-01',
    email_principal: `pessoa${base}@example.com`,
    telefone_principal: '61999990000',
    cep: '70040010',
    logradouro: 'Esplanada dos Ministérios',
    numero: '1',
    bairro: 'Zona Cívico-Administrativa',
    cidade: 'Brasília',
    uf: 'DF',
  };
}
