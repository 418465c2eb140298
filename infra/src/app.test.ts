import { loadPlatformConfig } from '@sigma-pli/config';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from './app';

type SynthesizedStack = {
  terraform: { backend: { s3: Record<string, unknown> } };
  provider: { aws: { default_tags: { tags: Record<string, string> }[]; region: string }[] };
};

/** Synthesizes the whole app into a fresh directory and returns every file's bytes by relative path. */
function synthesizeAll(): Map<string, string> {
  const outdir = mkdtempSync(join(tmpdir(), 'sigma-synth-'));
  buildApp(loadPlatformConfig({ env: {}, file: {} }), outdir).synth();
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(path.slice(outdir.length + 1), readFileSync(path, 'utf8'));
    }
  };
  walk(outdir);
  return files;
}

describe('the CDKTF app', () => {
  const first = synthesizeAll();
  const stageStacks = ['mvp', 'growth', 'production'].map((stage) => ({
    stage,
    json: JSON.parse(first.get(`stacks/sigma-pli-${stage}/cdk.tf.json`) ?? 'null') as SynthesizedStack,
  }));

  it('synthesizes one stack per stage', () => {
    for (const { json } of stageStacks) expect(json).not.toBeNull();
  });

  it('gives every stage its own encrypted, locked S3 state', () => {
    for (const { stage, json } of stageStacks) {
      expect(json.terraform.backend.s3).toMatchObject({
        bucket: 'sigma-pli-terraform-state',
        key: `stages/${stage}/terraform.tfstate`,
        region: 'us-east-1',
        encrypt: true,
        use_lockfile: true,
      });
    }
  });

  it('tags every AWS resource with project, stage and managed-by', () => {
    for (const { stage, json } of stageStacks) {
      expect(json.provider.aws[0]?.default_tags[0]?.tags).toMatchObject({
        project: 'sigma-pli',
        stage,
        'managed-by': 'cdktf',
      });
    }
  });

  it('is deterministic: a second synth gives byte-identical output', () => {
    const second = synthesizeAll();
    expect([...second.keys()].sort()).toEqual([...first.keys()].sort());
    for (const [path, content] of first) expect(second.get(path), path).toBe(content);
  });
});
