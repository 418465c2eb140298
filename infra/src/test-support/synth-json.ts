import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import {
  type AccountSettings,
  loadPlatformConfig,
  type PlatformConfig,
  type StageDefinition,
} from '@sigma-pli/config';
import { TerraformStack, Testing } from 'cdktf';

/** The synthesized Terraform JSON of one stack, as Terraform reads it. */
export interface SynthJson {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  ephemeral?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, Record<string, unknown>>;
  locals?: Record<string, unknown>;
  provider?: Record<string, Record<string, unknown>[]>;
}

/** The built-in stages and placeholder account, as `pnpm synth` sees them without any environment. */
export function platformConfig(): PlatformConfig {
  return loadPlatformConfig({ env: {} });
}

export function stageNamed(name: string): StageDefinition {
  const stage = platformConfig().stages.find((candidate) => candidate.name === name);
  if (!stage) throw new Error(`no stage named ${name}`);
  return stage;
}

export function testAccount(): AccountSettings {
  return { ...platformConfig().account, alarmEmail: 'alarms@example.com' };
}

/**
 * Synthesizes a bare stack (AWS provider only) after `build` has added constructs to it, so that a construct can
 * be tested without the rest of the stage.
 */
export function synthConstruct(build: (stack: TerraformStack) => void): SynthJson {
  const stack = new TerraformStack(Testing.app(), 'under-test');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  build(stack);
  return JSON.parse(Testing.synth(stack)) as SynthJson;
}

/** Every resource of a Terraform type, keyed by logical id; empty when there is none. */
export function resourcesOf(json: SynthJson, type: string): Record<string, Record<string, unknown>> {
  return json.resource?.[type] ?? {};
}

/** The only resource of a type; fails the test when there are none or several. */
export function onlyResource(json: SynthJson, type: string): Record<string, unknown> {
  const all = Object.values(resourcesOf(json, type));
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0] as Record<string, unknown>;
}

/** Parses a JSON-encoded policy/document attribute of a synthesized resource. */
export function parsePolicy(value: unknown): {
  Statement: Array<Record<string, unknown>>;
} {
  if (typeof value !== 'string') throw new Error('policy is not a string');
  return JSON.parse(value);
}

/** A Terraform interpolation as it appears in synthesized JSON, e.g. `tfRef('aws_kms_key.key.arn')`. */
export function tfRef(expression: string): string {
  return `\${${expression}}`;
}
