// The reference: bare Fastify + pg running the same SQL as the API's endpoints, with nothing else (no sessions,
// validation, hooks, logging, security headers or audit). The API's figures are read as a fraction of this.
const Fastify = require('fastify');
const pg = require('pg');

const PF_COLUMNS = `id, version, created_at, updated_at, created_by, updated_by, nome_completo, cpf, nome_social,
  data_nascimento, sexo, estado_civil, nacionalidade, naturalidade, nome_mae, nome_pai, rg, rg_orgao_expedidor, rg_uf,
  email_principal, email_secundario, telefone_principal, telefone_secundario, cep, logradouro, numero, complemento,
  bairro, cidade, uf, profissao, escolaridade`;

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_MAX ?? 10),
});
const app = Fastify({ logger: false });

app.get('/health/ready', async () => {
  await pool.query('SELECT 1');
  return { status: 'ok' };
});

app.get('/pf/:id', async (request, reply) => {
  const { rows } = await pool.query({
    name: 'find',
    text: `SELECT ${PF_COLUMNS} FROM cadastro.pessoa_fisica WHERE id = $1 AND deleted_at IS NULL`,
    values: [request.params.id],
  });
  if (!rows[0]) return reply.code(404).send({ status: 404 });
  return rows[0];
});

app.get('/pf', async (request) => {
  const limit = Number(request.query.limit ?? 20);
  const { rows } = await pool.query({
    name: 'list',
    text: `SELECT id, nome_completo, nome_social, cpf, cidade, uf, created_at FROM cadastro.pessoa_fisica
            WHERE deleted_at IS NULL AND uf = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
    values: [request.query.uf, limit + 1],
  });
  return { items: rows.slice(0, limit), next_cursor: rows.length > limit ? 'more' : null };
});

app.post('/pf', async (request, reply) => {
  const body = request.body;
  const columns = Object.keys(body);
  const { rows } = await pool.query(
    `INSERT INTO cadastro.pessoa_fisica (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})
     RETURNING ${PF_COLUMNS}`,
    columns.map((column) => body[column]),
  );
  return reply.code(201).send(rows[0]);
});

app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
