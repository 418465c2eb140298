import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import create from './create';
import decisions from './decisions';

/** /api/v1/registrations: the public application, e-mail verification, and approval by GESTOR+. */
const registrations: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(create);
  await app.register(decisions);
};

export default registrations;
