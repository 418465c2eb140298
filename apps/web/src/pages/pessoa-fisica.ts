import { formatCpf } from '../lib/format';
import { type RecordMeta, startRegistryRecord } from '../lib/registry-record';

type PessoaFisica = RecordMeta & { nome_completo: string; cpf: string };

startRegistryRecord<PessoaFisica>({
  resource: '/pessoas-fisicas',
  listPage: '/pessoas-fisicas',
  recordPage: '/pessoa-fisica',
  noun: 'pessoa física',
  documentField: 'cpf',
  title: (record) => `${record.nome_completo} (CPF ${formatCpf(record.cpf)})`,
});
