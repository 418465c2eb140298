import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { SESSION_COOKIE } from '../auth/sessions';

/** OpenAPI 3 document built from the route schemas, at /openapi.json, with a docs page at /docs. */
export default fp(
  async (app) => {
    await app.register(fastifySwagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'SIGMA-PLI API',
          version: '1.0.0',
          description:
            'Cadastro, consulta e relatórios do programa PLI. Erros seguem RFC 9457 (application/problem+json).',
        },
        components: {
          securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } },
        },
      },
      transform: ({ schema, url, route }) => {
        const minRole = route.config?.minRole;
        const documented = { ...(schema ?? {}) } as Record<string, unknown>;
        if (minRole) {
          documented.security = [{ session: [] }];
          documented.description = [documented.description, `Requer perfil ${minRole} ou superior.`]
            .filter(Boolean)
            .join(' ');
        }
        return { schema: documented, url };
      },
    });
    await app.register(fastifySwaggerUi, { routePrefix: '/docs', staticCSP: true });
    app.get('/openapi.json', { schema: { hide: true }, config: { access: 'public' } }, async () =>
      app.swagger(),
    );
  },
  { name: 'swagger' },
);
