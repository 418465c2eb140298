import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';

const CheckStatus = Type.Union([Type.Literal('ok'), Type.Literal('fail')]);
const ReadyBody = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  checks: Type.Object({
    primary: CheckStatus,
    replica: Type.Optional(CheckStatus),
    cache: Type.Optional(CheckStatus),
  }),
});

/** Probes for the ALB and PM2: public, never rate limited, and logged only when something goes wrong. */
const health: FastifyPluginAsyncTypebox = async (app) => {
  const probe = { access: 'public', rateLimit: false } as const;

  app.get(
    '/live',
    {
      config: probe,
      logLevel: 'warn',
      schema: { tags: ['health'], response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
    },
    async () => ({ status: 'ok' as const }),
  );

  const answers = (pool: { query(sql: string): Promise<unknown> }) =>
    pool.query('SELECT 1').then(
      () => 'ok' as const,
      () => 'fail' as const,
    );

  app.get(
    '/ready',
    {
      config: probe,
      logLevel: 'warn',
      schema: { tags: ['health'], response: { 200: ReadyBody, 503: ReadyBody } },
    },
    async (_request, reply) => {
      const { db, cache } = app;
      const [primary, replica, cacheStatus] = await Promise.all([
        answers(db.write),
        db.read === db.write ? undefined : answers(db.read),
        cache ? cache.ping().then((ok) => (ok ? ('ok' as const) : ('fail' as const))) : undefined,
      ]);
      const checks = {
        primary,
        ...(replica ? { replica } : {}),
        ...(cacheStatus ? { cache: cacheStatus } : {}),
      };
      const healthy = Object.values(checks).every((status) => status === 'ok');
      return reply.code(healthy ? 200 : 503).send({ status: healthy ? 'ok' : 'unavailable', checks });
    },
  );
};

export default health;
