import { byId, h, icon } from '../lib/dom';
import { formatCnpj } from '../lib/format';
import { attachMasks } from '../lib/masks';
import { type RecordMeta, startRegistryRecord } from '../lib/registry-record';

interface Socio {
  nome: string;
  cpf: string;
  cargo?: string | null;
  email?: string | null;
  telefone?: string | null;
}

type PessoaJuridica = RecordMeta & { razao_social: string; cnpj: string; socios?: Socio[] };

const SOCIO_FIELDS: {
  name: keyof Socio;
  label: string;
  attrs: Record<string, string | boolean>;
  col: string;
}[] = [
  { name: 'nome', label: 'Nome', attrs: { required: true, maxlength: '255' }, col: 'col-md-4' },
  {
    name: 'cpf',
    label: 'CPF',
    attrs: { required: true, 'data-mask': 'cpf', 'data-validate': 'cpf' },
    col: 'col-md-3',
  },
  { name: 'cargo', label: 'Cargo', attrs: { maxlength: '120' }, col: 'col-md-3' },
  { name: 'email', label: 'E-mail', attrs: { type: 'email', maxlength: '254' }, col: 'col-md-5' },
  {
    name: 'telefone',
    label: 'Telefone',
    attrs: { type: 'tel', 'data-mask': 'phone', 'data-validate': 'phone' },
    col: 'col-md-4',
  },
];

/** Sócios in the shape the form sends: the editable fields in form order, empty ones left out. */
function compactSocios(socios: unknown): Record<string, unknown>[] {
  return ((socios as Record<string, unknown>[] | undefined) ?? []).map((socio) =>
    Object.fromEntries(
      SOCIO_FIELDS.map((field) => [field.name, socio[field.name]]).filter(
        ([, value]) => value !== null && value !== undefined && value !== '',
      ),
    ),
  );
}

const rows = () => byId('socios-linhas');

/** Renumbers the rows so names stay `socios.0.nome`, `socios.1.nome`… (server errors use the same paths). */
function renumber(): void {
  [...rows().children].forEach((row, index) => {
    row.querySelector('legend')!.textContent = `Sócio ou representante ${index + 1}`;
    for (const control of row.querySelectorAll<HTMLInputElement>('input')) {
      const field = control.dataset.socioField!;
      control.name = `socios.${index}.${field}`;
      control.id = `socio-${index}-${field}`;
      control.labels?.[0]?.setAttribute('for', control.id);
    }
  });
  byId('socios-vazio').hidden = rows().children.length > 0;
}

function addRow(socio: Partial<Socio> | undefined, editable: boolean): void {
  const index = rows().children.length;
  const row = h(
    'fieldset',
    { class: 'border rounded p-3 mb-3' },
    h('legend', { class: 'h6 float-none w-auto px-1 mb-0' }),
    h(
      'div',
      { class: 'row g-2' },
      ...SOCIO_FIELDS.map((field) => {
        const id = `socio-${index}-${field.name}`;
        const input = h('input', {
          class: 'form-control',
          id,
          'data-socio-field': field.name,
          ...field.attrs,
        });
        input.value = socio?.[field.name] ?? '';
        input.disabled = !editable;
        return h(
          'div',
          { class: field.col },
          h('label', { class: 'form-label', for: id }, field.label),
          input,
        );
      }),
      editable &&
        h(
          'div',
          { class: 'col-md-3 d-flex align-items-end' },
          h(
            'button',
            { class: 'btn btn-outline-danger w-100', type: 'button', 'data-remover': '' },
            icon('x-lg'),
            ' Remover',
          ),
        ),
    ),
  );
  row.querySelector('[data-remover]')?.addEventListener('click', () => {
    row.remove();
    renumber();
    byId('socio-adicionar').focus();
  });
  rows().append(row);
  renumber();
  attachMasks(row);
}

startRegistryRecord<PessoaJuridica>({
  resource: '/pessoas-juridicas',
  listPage: '/pessoas-juridicas',
  recordPage: '/pessoa-juridica',
  noun: 'pessoa jurídica',
  documentField: 'cnpj',
  title: (record) => `${record.razao_social} (CNPJ ${formatCnpj(record.cnpj)})`,
  fill: (record, editable) => {
    rows().replaceChildren();
    for (const socio of record?.socios ?? []) addRow(socio, editable);
    renumber();
    const add = document.getElementById('socio-adicionar');
    if (add && !add.dataset.wired) {
      add.dataset.wired = 'true';
      add.addEventListener('click', () => {
        addRow(undefined, true);
        rows().lastElementChild?.querySelector('input')?.focus();
      });
    }
  },
  // Sócios are replaced as a set: sent whole (when changed), without empty optional fields.
  collect: (body) => ({ ...body, socios: compactSocios(body.socios) }),
  comparable: (record) => ({ ...record, socios: compactSocios(record.socios) }),
});
