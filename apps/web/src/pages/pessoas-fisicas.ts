import { formatDate } from '../lib/format';
import { startRegistryList } from '../lib/registry-list';

interface PessoaFisicaRow {
  id: string;
  nome_completo: string;
  nome_social: string | null;
  /** Lists show the CPF masked (`***.982.247-**`); the record page has it whole. */
  cpf_mascarado: string;
  cidade: string | null;
  uf: string | null;
  created_at: string;
}

startRegistryList<PessoaFisicaRow>({
  resource: '/pessoas-fisicas',
  recordPage: '/pessoa-fisica',
  rowLabel: (row) => row.nome_completo,
  columns: [
    { header: 'Nome', cell: (row) => row.nome_completo },
    { header: 'CPF', cell: (row) => row.cpf_mascarado },
    { header: 'Cidade/UF', cell: (row) => [row.cidade, row.uf].filter(Boolean).join(' / ') },
    { header: 'Nome social', cell: (row) => row.nome_social ?? '' },
    { header: 'Cadastro', cell: (row) => formatDate(row.created_at) },
  ],
});
