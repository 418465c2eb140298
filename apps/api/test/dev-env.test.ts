import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_ENV_NAMES } from '@sigma-pli/config';
import { expect, it } from 'vitest';

/** turbo runs tasks in strict env mode: a variable not listed never reaches `pnpm dev`. */
it('passes every application variable through to `pnpm dev`', () => {
  const turbo = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'turbo.json'), 'utf8'));
  const patterns: string[] = [
    ...(turbo.globalEnv ?? []),
    ...(turbo.globalPassThroughEnv ?? []),
    ...(turbo.tasks.dev.passThroughEnv ?? []),
  ];
  const matches = (name: string) =>
    patterns.some((pattern) =>
      pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern,
    );
  expect(APP_ENV_NAMES.filter((name) => !matches(name))).toEqual([]);
});
