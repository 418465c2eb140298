import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { block, blocks, loadSynthOutput, TerraformDocument, valueAt } from './document';
import { policyStatements } from './iam';
import { findReferences, interpolations } from './references';

const stack = {
  '//': { metadata: { stackName: 'sigma-pli-test' } },
  data: {
    aws_iam_policy_document: {
      tls: {
        statement: [
          {
            effect: 'Deny',
            actions: ['s3:*'],
            resources: ['${aws_s3_bucket.logs_A1.arn}', '${aws_s3_bucket.logs_A1.arn}/*'],
            condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
          },
        ],
      },
    },
  },
  resource: {
    aws_s3_bucket: {
      logs_A1: { bucket: 'logs', '//': { metadata: { path: 'sigma-pli-test/storage/logs/bucket' } } },
      main_B2: { bucket: 'main' },
    },
    aws_s3_bucket_public_access_block: {
      logs_pab: { bucket: '${aws_s3_bucket.logs_A1.id}', block_public_acls: true },
    },
    aws_s3_bucket_policy: {
      logs_policy: {
        bucket: '${aws_s3_bucket.logs_A1.id}',
        policy: '${data.aws_iam_policy_document.tls.json}',
      },
      main_policy: {
        bucket: '${aws_s3_bucket.main_B2.bucket}',
        policy: JSON.stringify({
          Statement: {
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        }),
      },
    },
    aws_s3_bucket_logging: {
      main_logging: { bucket: '${aws_s3_bucket.main_B2.id}', target_bucket: '${aws_s3_bucket.logs_A1.id}' },
    },
    aws_subnet: { private: { count: 2, cidr_block: '10.0.0.0/24' } },
    aws_nat_gateway: { each: { for_each: { a: 1, b: 2, c: 3 } }, dynamic: { count: '${length(var.azs)}' } },
  },
  locals: { script: '#!/bin/sh\necho ${local.greeting}', greeting: 'hello', unused: 'x' },
};

describe('TerraformDocument', () => {
  const document = new TerraformDocument(stack);

  it('indexes resources and data sources by address, with the construct path inside the stack', () => {
    expect(document.stackName).toBe('sigma-pli-test');
    expect(document.resources('aws_s3_bucket').map((bucket) => bucket.address)).toEqual([
      'aws_s3_bucket.logs_A1',
      'aws_s3_bucket.main_B2',
    ]);
    expect(document.get('aws_s3_bucket.logs_A1')?.path).toBe('storage/logs/bucket');
    expect(document.get('aws_s3_bucket.main_B2')?.path).toBe('main_B2');
    expect(document.get('data.aws_iam_policy_document.tls')?.mode).toBe('data');
    expect(document.resources().some((resource) => resource.mode === 'data')).toBe(false);
  });

  it('finds who references a resource, by type and by the attribute that holds the reference', () => {
    const logs = document.get('aws_s3_bucket.logs_A1')!;
    const main = document.get('aws_s3_bucket.main_B2')!;
    expect(document.referencing(logs, 'aws_s3_bucket_public_access_block').map((r) => r.name)).toEqual([
      'logs_pab',
    ]);
    expect(document.referencing(main, 'aws_s3_bucket_public_access_block')).toEqual([]);
    // The logs bucket is the *target* of main's logging, not a bucket with logging of its own.
    expect(document.referencing(logs, 'aws_s3_bucket_logging', 'bucket')).toEqual([]);
    expect(document.referencing(logs, 'aws_s3_bucket_logging', 'target_bucket').map((r) => r.name)).toEqual([
      'main_logging',
    ]);
    expect(document.referencing(main, 'aws_s3_bucket_logging', 'bucket').map((r) => r.name)).toEqual([
      'main_logging',
    ]);
    // Data sources reference resources too.
    expect(document.referencing(logs).map((r) => r.address)).toContain('data.aws_iam_policy_document.tls');
  });

  it('counts instances from literal count and for_each, and reports expressions as unknown', () => {
    expect(document.instanceCount(document.get('aws_subnet.private')!)).toBe(2);
    expect(document.instanceCount(document.get('aws_nat_gateway.each')!)).toBe(3);
    expect(document.instanceCount(document.get('aws_nat_gateway.dynamic')!)).toBeUndefined();
    expect(document.instanceCount(document.get('aws_s3_bucket.main_B2')!)).toBe(1);
  });

  it('reads IAM statements from a policy document data source and from a JSON string', () => {
    for (const name of ['logs_policy', 'main_policy']) {
      const policy = document.get(`aws_s3_bucket_policy.${name}`)!;
      const [statement] = policyStatements(document, policy.config.policy);
      expect(statement).toMatchObject({
        effect: 'Deny',
        actions: ['s3:*'],
        conditions: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
      });
    }
    expect(policyStatements(document, '${jsonencode(local.policy)}')).toEqual([]);
  });
});

describe('locals', () => {
  it('follows local.<name> references, through locals that read other locals', () => {
    const document = new TerraformDocument(stack);
    expect(document.localValues('${base64gzip(local.script)}')).toEqual([
      '#!/bin/sh\necho ${local.greeting}',
      'hello',
    ]);
    expect(document.localValues('${local.missing}')).toEqual([]);
  });
});

describe('references', () => {
  it('extracts references from nested interpolations, indexes and data sources', () => {
    const value = {
      list: ['${aws_subnet.private[0].id}', 'literal text_with.dots'],
      nested: [{ arn: '${join(",", [aws_lb.alb_X.arn_suffix, data.aws_region.current.name])}' }],
    };
    expect(findReferences(value)).toEqual([
      { address: 'aws_subnet.private', attribute: 'id' },
      { address: 'aws_lb.alb_X', attribute: 'arn_suffix' },
      { address: 'data.aws_region.current', attribute: 'name' },
    ]);
    expect(interpolations('a ${x({b})} c ${y}')).toEqual(['x({b})', 'y']);
  });

  it('reads nested blocks written as an object or as a list', () => {
    const config = { metadata_options: { http_tokens: 'required' }, ebs: [{ encrypted: true }, {}] };
    expect(blocks(config.ebs)).toHaveLength(2);
    expect(block(config, 'metadata_options').http_tokens).toBe('required');
    expect(block(config, 'absent')).toEqual({});
    expect(valueAt(config, 'ebs', 'encrypted')).toBe(true);
    expect(valueAt(config, 'absent', 'x')).toBeUndefined();
  });
});

describe('loadSynthOutput', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'tfjson-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('loads every stack directory and names a missing output clearly', () => {
    for (const name of ['b-stack', 'a-stack']) {
      mkdirSync(join(outdir, 'stacks', name), { recursive: true });
      writeFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), JSON.stringify(stack));
    }
    expect(loadSynthOutput(outdir).map((entry) => entry.stack)).toEqual(['a-stack', 'b-stack']);
    expect(() => loadSynthOutput(join(outdir, 'missing'))).toThrow(/run `pnpm synth` first/);
  });
});
