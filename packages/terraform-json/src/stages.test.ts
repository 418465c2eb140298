import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlatformConfig } from '@sigma-pli/config';
import { afterAll, describe, expect, it } from 'vitest';
import { loadStageStacks } from './stages';

describe('loadStageStacks', () => {
  const synthDir = mkdtempSync(join(tmpdir(), 'stage-stacks-'));
  afterAll(() => rmSync(synthDir, { recursive: true, force: true }));
  const config = loadPlatformConfig({ env: {} });
  const write = (stack: string) => {
    mkdirSync(join(synthDir, 'stacks', stack), { recursive: true });
    writeFileSync(
      join(synthDir, 'stacks', stack, 'cdk.tf.json'),
      JSON.stringify({ '//': { metadata: { stackName: stack } }, resource: {} }),
    );
  };

  it('pairs each stage with its stack by name and keeps the others apart', () => {
    for (const stack of ['sigma-pli-mvp', 'sigma-pli-growth', 'sigma-pli-bootstrap']) write(stack);
    expect(() => loadStageStacks({ synthDir, config })).toThrow(
      'stage "production" has no synthesized stack: run `pnpm synth`',
    );
    write('sigma-pli-production');
    const all = loadStageStacks({ synthDir, config });
    expect(all.stacks.map((entry) => [entry.stage.name, entry.document.stackName])).toEqual([
      ['mvp', 'sigma-pli-mvp'],
      ['growth', 'sigma-pli-growth'],
      ['production', 'sigma-pli-production'],
    ]);
    expect(all.otherStacks.map((entry) => entry.stack)).toEqual(['sigma-pli-bootstrap']);

    const one = loadStageStacks({ synthDir, config, stages: ['growth'] });
    expect(one.stacks.map((entry) => entry.stage.name)).toEqual(['growth']);
    expect(one.otherStacks).toEqual([]);
    expect(() => loadStageStacks({ synthDir, config, stages: ['staging'] })).toThrow(
      'unknown stage "staging"',
    );
  });
});
