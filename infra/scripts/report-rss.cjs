// Preloaded with `node -r` by the synth benchmark: reports the process's peak RSS when it exits.
process.on('exit', () => {
  process.stderr.write(`\nSIGMA_MAX_RSS_KB=${process.resourceUsage().maxRSS}\n`);
});
