#!/usr/bin/env node
// Synth benchmark: cold synthesis of every stage through the compiled app (build excluded) and through the
// `cdktf synth` CLI, several runs each, with an empty-stacks baseline measured in the same run.
// Prints median and spread of wall time and peak RSS. Usage: pnpm bench:synth [--runs N] [--cli-runs N]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const infraDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const rootDir = resolve(infraDir, '..');
const argument = (name, fallback) => {
  const index = process.argv.indexOf(name);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
};
const runs = argument('--runs', 7);
const cliRuns = argument('--cli-runs', 3);
const rssProbe = join(infraDir, 'scripts', 'report-rss.cjs');

function measure(label, command, args, { cwd = infraDir, env = {} } = {}) {
  const outdir = mkdtempSync(join(tmpdir(), 'sigma-bench-synth-'));
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CHECKPOINT_DISABLE: '1', CDKTF_OUTDIR: outdir, NODE_OPTIONS: `-r ${rssProbe}`, ...env },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  rmSync(outdir, { recursive: true, force: true });
  if (result.status !== 0) throw new Error(`${label} failed:\n${result.stderr}`);
  // Under the CLI several node processes report; the synthesizing app is the largest.
  const rssKb = Math.max(...[...result.stderr.matchAll(/SIGMA_MAX_RSS_KB=(\d+)/g)].map((match) => Number(match[1])));
  return { seconds, rssMb: rssKb / 1024 };
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted.at(-1) };
}

function series(label, count, ...spec) {
  measure(label, ...spec); // warm the file system cache; not counted
  const samples = Array.from({ length: count }, () => measure(label, ...spec));
  const time = stats(samples.map((sample) => sample.seconds));
  const rss = stats(samples.map((sample) => sample.rssMb));
  return { label, runs: count, time, rss };
}

const node = process.execPath;
const stages = ['mvp', 'growth', 'production'];
const rows = [
  series('baseline: empty stacks (cdktf + providers)', runs, node, [join(infraDir, 'scripts', 'empty-app.cjs')]),
  series('all stages, compiled app', runs, node, [join(infraDir, 'dist', 'main.js')]),
  ...stages.map((stage) =>
    series(`${stage} only, compiled app`, runs, node, [join(infraDir, 'dist', 'main.js')], { env: { SIGMA_STAGES: stage } }),
  ),
  series('all stages, cdktf synth CLI', cliRuns, join(infraDir, 'node_modules', '.bin', 'cdktf'), ['synth', '--quiet'], {
    cwd: rootDir,
  }),
];

const format = (s, unit, digits) =>
  `${s.median.toFixed(digits)} ${unit} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
console.log(`node ${process.version}, ${runs} runs (CLI ${cliRuns}), median (min–max)\n`);
for (const row of rows) {
  console.log(`${row.label.padEnd(46)} ${format(row.time, 's', 2).padEnd(24)} peak RSS ${format(row.rss, 'MB', 0)}`);
}
const [baseline, all] = rows;
console.log(
  `\nstacks over baseline: +${(all.time.median - baseline.time.median).toFixed(2)} s, +${(all.rss.median - baseline.rss.median).toFixed(0)} MB`,
);
const worstStageRss = Math.max(...rows.slice(2, 5).map((row) => row.rss.max));
console.log(
  `targets: all stages < 1.5 s → ${all.time.median < 1.5 ? 'met' : 'MISSED'}; every stage < 300 MB RSS → ${worstStageRss < 300 ? 'met' : 'MISSED'}`,
);
