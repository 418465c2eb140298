import { createRequire } from 'node:module';
import path from 'node:path';

const helper = createRequire(__filename)(path.join(__dirname, '..', 'boot', 'refresh-env.js')) as {
  formatEnvFile(env: Record<string, string>): string;
};

/**
 * An environment file for `node --env-file`, formatted by the same code the instances run at boot (plain values
 * bare, others single-quoted; quotes and line breaks refused).
 */
export function formatEnvFile(env: Record<string, string>): string {
  return helper.formatEnvFile(env);
}
