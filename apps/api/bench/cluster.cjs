// Runs a server script in N cluster workers sharing one port, as PM2's cluster mode does on the instances.
//   node bench/cluster.cjs <workers> <script>
const cluster = require('node:cluster');

const [workers, script] = process.argv.slice(2);
if (!script) throw new Error('usage: cluster.cjs <workers> <script>');
// CLUSTER_EXEC_ARGV: extra Node flags for the workers (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
const execArgv = (process.env.CLUSTER_EXEC_ARGV ?? '').split(' ').filter(Boolean);
cluster.setupPrimary({ exec: script, execArgv, silent: false });
for (let i = 0; i < Number(workers); i += 1) cluster.fork();
cluster.on('exit', (worker, code) => {
  if (code !== 0) process.stderr.write(`worker ${worker.process.pid} exited with ${code}\n`);
});
const stop = () => {
  for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  setTimeout(() => process.exit(0), 3_000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
