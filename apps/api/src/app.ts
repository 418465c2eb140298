import { randomUUID } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
  LogController,
  type RouteOptions,
} from 'fastify';
import pino from 'pino';
import type { AppConfig } from './config';
import authPlugin from './plugins/auth';
import businessMetricsPlugin from './plugins/business-metrics';
import configPlugin from './plugins/config';
import dbPlugin from './plugins/db';
import errorsPlugin from './plugins/errors';
import redisPlugin from './plugins/redis';
import securityPlugin from './plugins/security';
import swaggerPlugin from './plugins/swagger';
import validationPlugin from './plugins/validation';
import webPagesPlugin from './plugins/web-pages';
import auditoriaRoutes from './routes/auditoria';
import authRoutes from './routes/auth';
import healthRoutes from './routes/health';
import pessoasFisicasRoutes from './routes/pessoas-fisicas';
import pessoasJuridicasRoutes from './routes/pessoas-juridicas';
import registrationRoutes from './routes/registrations';
import relatoriosRoutes from './routes/relatorios';
import usuariosRoutes from './routes/usuarios';

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,100}$/;

/**
 * Pino options: JSON lines, a request id on every line, and nothing personal or secret. Requests are logged by
 * method and path only (query strings carry names, CPFs and one-time tokens); cookies, authorization headers and
 * any body field that could hold a password or token are redacted if something ever logs them.
 */
export function loggerOptions(config: AppConfig): pino.LoggerOptions {
  return {
    level: config.LOG_LEVEL,
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'res.headers["set-cookie"]',
        '*.password',
        '*.senha',
        '*.token',
        '*.current_password',
        '*.new_password',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: request.url.split('?')[0],
        remoteAddress: request.ip,
      }),
      res: (reply: FastifyReply) => ({ statusCode: reply.statusCode }),
    },
  };
}

/** One log line per request, on completion, with method and path: half of Fastify's default logging cost. */
class OneLinePerRequest extends LogController {
  override incomingRequest() {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    const line = { req: request, res: reply, responseTime: Math.round(reply.elapsedTime) };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}

export interface BuildOptions {
  /** Replaces the logger (tests pass false). */
  logger?: FastifyServerOptions['logger'];
  /** Sees every route as it is added (the route-table test uses it to check access declarations). */
  onRoute?: (route: RouteOptions) => void;
}

/**
 * stdout written in 4 KiB batches (flushed at least every second and at close) instead of one write(2) per line:
 * measured as the largest single per-request cost after the response itself. A crash can lose the last second.
 */
function bufferedStdout() {
  const destination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  const timer = setInterval(() => destination.flush(), 1_000).unref();
  return {
    destination,
    close: () => {
      clearInterval(timer);
      destination.flushSync();
    },
  };
}

export async function buildApp(config: AppConfig, options: BuildOptions = {}) {
  const stdout = options.logger === undefined ? bufferedStdout() : undefined;
  const app = Fastify({
    logger: options.logger ?? { ...loggerOptions(config), stream: stdout!.destination },
    // ALB → Nginx → app: trust exactly that many hops, so request.ip is the client's address, not a proxy's.
    trustProxy: (_address, hop) => hop < config.TRUST_PROXY_HOPS,
    bodyLimit: config.BODY_LIMIT_BYTES,
    requestTimeout: config.REQUEST_TIMEOUT_MS,
    // Keep-alive connections that are idle are closed at shutdown; in-flight requests finish.
    forceCloseConnections: 'idle',
    // A request that reached this worker before shutdown is served, not answered 503: during a PM2 reload the
    // connection was already accepted, and the client has no other worker to retry on.
    return503OnClosing: false,
    logController: new OneLinePerRequest(),
    requestIdHeader: 'x-request-id',
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<TypeBoxTypeProvider>();

  if (stdout) app.addHook('onClose', async () => stdout.close());
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(configPlugin, { config });
  await app.register(errorsPlugin);
  await app.register(validationPlugin);
  await app.register(dbPlugin);
  await app.register(redisPlugin);
  await app.register(securityPlugin);
  await app.register(authPlugin);
  await app.register(businessMetricsPlugin, { stage: config.STAGE });
  await app.register(swaggerPlugin);
  await app.register(webPagesPlugin);

  await app.register(healthRoutes, { prefix: '/health' });
  await app.register(authRoutes, { prefix: '/api/v1/auth' });
  await app.register(registrationRoutes, { prefix: '/api/v1/registrations' });
  await app.register(usuariosRoutes, { prefix: '/api/v1/usuarios' });
  // Registry routes (pessoas-fisicas, pessoas-juridicas, relatorios, auditoria): one line per route plugin here,
  // e.g. `await app.register(pessoasFisicasRoutes, { prefix: '/api/v1/pessoas-fisicas' });`
  await app.register(pessoasFisicasRoutes, { prefix: '/api/v1/pessoas-fisicas' });
  await app.register(pessoasJuridicasRoutes, { prefix: '/api/v1/pessoas-juridicas' });
  await app.register(relatoriosRoutes, { prefix: '/api/v1/relatorios' });
  await app.register(auditoriaRoutes, { prefix: '/api/v1/auditoria' });

  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
