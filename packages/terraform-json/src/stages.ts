import { resolve } from 'node:path';
import { loadPlatformConfig, type PlatformConfig, type StageDefinition, stackName } from '@sigma-pli/config';
import { loadSynthOutput, type SynthesizedStack, type TerraformDocument } from './document';

/** `infra/cdktf.out` of this repository, where `pnpm synth` writes. */
export const DEFAULT_SYNTH_DIR = resolve(__dirname, '..', '..', '..', 'infra', 'cdktf.out');

export interface StageStack {
  stage: StageDefinition;
  document: TerraformDocument;
  file: string;
}

export interface StageStacks {
  config: PlatformConfig;
  stacks: StageStack[];
  /** Synthesized stacks that are not a configured stage (the account's bootstrap stack): no stage, no budget. */
  otherStacks: SynthesizedStack[];
}

/**
 * Pairs every synthesized stack with its stage definition (by `stackName`), optionally only the named stages.
 * A named stage without a synthesized stack is an error: the report would otherwise silently skip it.
 */
export function loadStageStacks(
  options: { synthDir?: string; stages?: readonly string[]; config?: PlatformConfig } = {},
): StageStacks {
  const config = options.config ?? loadPlatformConfig();
  const synthesized = loadSynthOutput(options.synthDir ?? DEFAULT_SYNTH_DIR);
  const wanted = options.stages && options.stages.length > 0 ? options.stages : undefined;
  for (const name of wanted ?? []) {
    if (!config.stages.some((stage) => stage.name === name)) throw new Error(`unknown stage "${name}"`);
  }
  const stacks: StageStack[] = [];
  for (const stage of config.stages) {
    if (wanted && !wanted.includes(stage.name)) continue;
    const entry = synthesized.find((candidate) => candidate.stack === stackName(config.account, stage));
    if (!entry) throw new Error(`stage "${stage.name}" has no synthesized stack: run \`pnpm synth\``);
    stacks.push({ stage, document: entry.document, file: entry.file });
  }
  const stageStackNames = new Set(config.stages.map((stage) => stackName(config.account, stage)));
  const otherStacks = wanted ? [] : synthesized.filter((entry) => !stageStackNames.has(entry.stack));
  return { config, stacks, otherStacks };
}
