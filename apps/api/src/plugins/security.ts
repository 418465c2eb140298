import fastifyCors from '@fastify/cors';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyUnderPressure from '@fastify/under-pressure';
import fp from 'fastify-plugin';
import type { AppConfig } from '../config';
import { problem } from '../errors';
import { notFoundHandler } from './errors';

/**
 * Per-route override for the account endpoints anyone can call (registration, password reset, verification,
 * password change): a much lower per-IP budget than the API's, so they cannot be used to spam or guess.
 */
export function sensitiveRateLimit(config: AppConfig) {
  return { max: config.SENSITIVE_RATE_LIMIT_PER_MINUTE, timeWindow: 60_000 };
}

/**
 * Transport-level protection: security headers with a strict CSP, a CORS allow-list, per-IP rate limiting
 * (shared across workers and instances through Redis when configured) and load shedding.
 */
export default fp(
  async (app) => {
    const { config } = app;
    await app.register(fastifyHelmet, {
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          upgradeInsecureRequests: config.NODE_ENV === 'production' ? [] : null,
        },
      },
      hsts: config.NODE_ENV === 'production' ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    });

    const allowed = new Set(
      config.CORS_ORIGINS.split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    );
    // An unlisted origin simply gets no CORS headers (the browser blocks it); it is never a server error.
    await app.register(fastifyCors, {
      origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
      credentials: true,
      methods: ['GET', 'POST', 'PATCH', 'DELETE'],
      exposedHeaders: ['ETag', 'Location', 'Retry-After', 'X-Request-Id'],
      maxAge: 600,
    });

    await app.register(fastifyRateLimit, {
      global: true,
      max: config.RATE_LIMIT_PER_MINUTE,
      timeWindow: 60_000,
      // request.ip honours TRUST_PROXY_HOPS, so each client behind the ALB + Nginx gets its own bucket.
      keyGenerator: (request) => request.ip,
      ...(app.cache ? { redis: app.cache.client, nameSpace: 'sigma:rl:', skipOnError: true } : {}),
      errorResponseBuilder: (_request, context) => {
        const error = problem(
          429,
          'Too Many Requests',
          `Limite de requisições excedido. Tente de novo em ${context.after}.`,
        );
        return Object.assign(error, { statusCode: context.statusCode });
      },
    });

    app.setNotFoundHandler({ preHandler: app.rateLimit() }, notFoundHandler);

    await app.register(fastifyUnderPressure, {
      // Event-loop delay is the symptom that matters for latency; utilization alone is high on any busy but healthy
      // worker, so it is not used to shed load.
      maxEventLoopDelay: config.MAX_EVENT_LOOP_DELAY_MS,
      retryAfter: 10,
      // Health checks are answered by the health routes, which exclude themselves; everything else is shed.
      exposeStatusRoute: false,
      pressureHandler: (_request, reply, type) => {
        reply.header('retry-after', '10');
        throw problem(
          503,
          'Service Unavailable',
          `Servidor sobrecarregado (${type}). Tente novamente em instantes.`,
        );
      },
    });
  },
  { name: 'security', dependencies: ['config', 'redis'] },
);
