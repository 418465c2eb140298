import { resolve } from 'node:path';
import { loadPlatformConfig, type PlatformConfig } from '@sigma-pli/config';
import { App } from 'cdktf';
import { BootstrapStack } from './stacks/bootstrap-stack';
import { StageStack } from './stacks/stage-stack';

/** Where synthesized stacks go: the CLI passes CDKTF_OUTDIR; `pnpm synth` uses infra/cdktf.out. */
export const DEFAULT_OUTDIR = resolve(__dirname, '..', 'cdktf.out');

/** Builds the CDKTF app: one stack per configured stage, and the one-time bootstrap stack their backends need. */
export function buildApp(
  config: PlatformConfig = loadPlatformConfig(),
  outdir = process.env.CDKTF_OUTDIR ?? DEFAULT_OUTDIR,
): App {
  const app = new App({ outdir, skipValidation: false });
  for (const stage of config.stages) {
    new StageStack(app, { account: config.account, stage });
  }
  new BootstrapStack(app, { account: config.account, stages: config.stages });
  return app;
}
