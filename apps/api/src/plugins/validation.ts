import Ajv, { type Options } from 'ajv';
import addFormats from 'ajv-formats';
import fp from 'fastify-plugin';

function createAjv(options: Options) {
  // allErrors: report every bad field at once; removeAdditional false: unknown fields are rejected (400), never
  // silently dropped; strict false: TypeBox/OpenAPI annotations (examples, descriptions) are not validation errors.
  const ajv = new Ajv({
    allErrors: true,
    removeAdditional: false,
    useDefaults: true,
    strict: false,
    ...options,
  });
  addFormats(ajv);
  return ajv;
}

/**
 * Request validation with two Ajv instances: bodies are validated as sent (JSON has types; `"12"` is not a number),
 * while querystring, params and headers are text and get coerced to the schema's types.
 */
export default fp(
  async (app) => {
    const bodyAjv = createAjv({ coerceTypes: false });
    const textAjv = createAjv({ coerceTypes: 'array' });
    app.setValidatorCompiler(({ schema, httpPart }) =>
      httpPart === 'body' ? bodyAjv.compile(schema) : textAjv.compile(schema),
    );
  },
  { name: 'validation' },
);
