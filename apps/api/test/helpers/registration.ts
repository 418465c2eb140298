import { randomBytes } from 'node:crypto';
import { fakeCnpj, fakeCpf } from './documents';

const ADDRESS = {
  cep: '01310-100',
  logradouro: 'Avenida Paulista',
  numero: '1000',
  bairro: 'Bela Vista',
  cidade: 'São Paulo',
  uf: 'sp',
};

/** A complete, valid public registration (fake person, fake institution, obviously fake contacts). */
export function registrationPayload(overrides: Record<string, unknown> = {}) {
  const suffix = randomBytes(3).toString('hex');
  return {
    pessoa_fisica: {
      nome_completo: `Maria Teste ${suffix}`,
      cpf: fakeCpf(),
      data_nascimento: '1985-04-12',
      email_principal: `maria.${suffix}@pessoal.example.com`,
      telefone_principal: '(11) 98765-4321',
      ...ADDRESS,
    },
    instituicao: {
      razao_social: `Secretaria de Teste ${suffix}`,
      cnpj: fakeCnpj(),
      email_principal: `contato.${suffix}@orgao.example.com`,
      telefone_principal: '(11) 3333-4444',
      ...ADDRESS,
    },
    username: `Maria.${suffix}`,
    email: `maria.${suffix}@pessoal.example.com`,
    email_institucional: `Maria.${suffix}@Orgao.example.com`,
    password: 'Senha-de-teste-123',
    tipo_usuario: 'OPERADOR',
    ...overrides,
  };
}
