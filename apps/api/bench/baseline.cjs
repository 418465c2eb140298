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
    text: `SELECT id, nome_completo, nome_social, cpf, cidade, uf, created_at,
                  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_created_at
             FROM cadastro.pessoa_fisica
            WHERE deleted_at IS NULL AND uf = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
    values: [request.query.uf, limit + 1],
  });
  return { items: rows.slice(0, limit), next_cursor: rows.length > limit ? 'more' : null };
});

// The same database work as the API's create: the row and its audit entry in one transaction.
app.post('/pf', async (request, reply) => {
  const body = request.body;
  const columns = Object.keys(body);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query(
      `INSERT INTO cadastro.pessoa_fisica (${columns.join(', ')})
       VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING ${PF_COLUMNS}`,
      columns.map((column) => body[column]),
    );
    await client.query(
      `INSERT INTO auditoria.registro (acao, entidade, entidade_id, depois, ip, request_id)
       VALUES ('CREATE', 'pessoa_fisica', $1, $2, $3, 'baseline')`,
      [rows[0].id, JSON.stringify(rows[0]), request.ip],
    );
    await client.query('COMMIT');
    return reply.code(201).send(rows[0]);
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
});

app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
