// Preloaded into the processes bench/startup.mjs times: appends the process's own CPU time (user + system, µs) to
// the file BENCH_CPU_FILE names when it exits, a figure a busy machine disturbs less than wall time.
const { appendFileSync } = require('node:fs');

process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  appendFileSync(process.env.BENCH_CPU_FILE, `${user + system}\n`);
});
