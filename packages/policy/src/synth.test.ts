import { POLICY_WAIVERS } from '@sigma-pli/config';
import { loadStageStacks } from '@sigma-pli/terraform-json';
import { describe, expect, it } from 'vitest';
import { evaluateStage } from './engine';

/** The real synthesized stacks (`pnpm synth` runs first through turbo) pass every unwaived rule. */
const { stacks, otherStacks } = loadStageStacks();
const evaluated = [
  ...stacks.map(({ stage, document }) => ({ name: stage.name, stage, document })),
  // The bootstrap stack (state and release buckets, OIDC roles) has no stage: stage-independent rules only.
  ...otherStacks.map(({ stack, document }) => ({ name: stack, stage: undefined, document })),
];

describe.each(evaluated.map((entry) => [entry.name, entry] as const))(
  'stack %s',
  (_name, { stage, document }) => {
    const report = evaluateStage(document, stage, POLICY_WAIVERS);

    it('has no unwaived policy failure', () => {
      const failures = report.results
        .filter((result) => result.status === 'fail')
        .map((result) => `${result.rule} on ${result.path}: ${result.message}`);
      expect(failures).toEqual([]);
      expect(report.summary.pass).toBeGreaterThan(0);
    });

    it('uses every waiver it declares for the stage', () => {
      expect(report.unusedWaivers).toEqual([]);
    });
  },
);
