import { formatCpf, formatDate } from '../lib/format';
import { startRegistryList } from '../lib/registry-list';

interface PessoaFisicaRow {
  id: string;
  nome_completo: string;
  cpf: string;
  cidade: string | null;
  uf: string | null;
  email_principal: string | null;
  created_at: string;
}

startRegistryList<PessoaFisicaRow>({
  resource: '/pessoas-fisicas',
  recordPage: '/pessoa-fisica',
  columns: [
    { header: 'Nome', cell: (row) => row.nome_completo },
    { header: 'CPF', cell: (row) => formatCpf(row.cpf) },
    { header: 'Cidade/UF', cell: (row) => [row.cidade, row.uf].filter(Boolean).join(' / ') },
    { header: 'E-mail', cell: (row) => row.email_principal ?? '' },
    { header: 'Cadastro', cell: (row) => formatDate(row.created_at) },
  ],
});
