import { ConfigError } from '@sigma-pli/config';
import { TerraformStack } from 'cdktf';
import { buildApp } from './app';
import { formatSummary, summarizeSynth } from './summary';

/** Entry point of `cdktf synth` (through cdktf.json) and of `pnpm synth` (with --summary). */
function main(): void {
  const app = buildApp();
  app.synth();
  if (process.argv.includes('--summary')) {
    const stackNames = app.node.children
      .filter((child) => child instanceof TerraformStack)
      .map((stack) => stack.node.id);
    console.log(formatSummary(summarizeSynth(app.outdir, stackNames), app.outdir));
  }
}

try {
  main();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
