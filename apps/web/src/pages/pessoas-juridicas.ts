import { formatCnpj, formatDate } from '../lib/format';
import { startRegistryList } from '../lib/registry-list';

interface PessoaJuridicaRow {
  id: string;
  razao_social: string;
  nome_fantasia: string | null;
  cnpj: string;
  cidade: string | null;
  uf: string | null;
  created_at: string;
}

startRegistryList<PessoaJuridicaRow>({
  resource: '/pessoas-juridicas',
  recordPage: '/pessoa-juridica',
  rowLabel: (row) => row.razao_social,
  columns: [
    { header: 'Razão social', cell: (row) => row.razao_social },
    { header: 'Nome fantasia', cell: (row) => row.nome_fantasia ?? '' },
    { header: 'CNPJ', cell: (row) => formatCnpj(row.cnpj) },
    { header: 'Cidade/UF', cell: (row) => [row.cidade, row.uf].filter(Boolean).join(' / ') },
    { header: 'Cadastro', cell: (row) => formatDate(row.created_at) },
  ],
});
