import { ConfigError } from '@sigma-pli/config';
import { buildApp } from './app';
import { formatSummary, summarizeSynth } from './summary';

/** Entry point of `cdktf synth` (through cdktf.json) and of `pnpm synth` (with --summary). */
function main(): void {
  const app = buildApp();
  app.synth();
  if (process.argv.includes('--summary')) {
    console.log(formatSummary(summarizeSynth(app.outdir), app.outdir));
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
