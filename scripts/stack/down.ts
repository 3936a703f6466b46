import { isOurProcess, readStackFile, removeStackFile, stopProcess } from './stack-file';

const say = (line: string) => process.stdout.write(`${line}\n`);

/** Stops exactly what `stack:up` started, as recorded in .stack/stack.json: the services first, then the local Kafka. */
async function down(): Promise<void> {
  const file = readStackFile();
  if (!file) {
    say('stack:down: nothing to stop (no .stack/stack.json)');
    return;
  }
  for (const s of [...file.services].reverse()) {
    if (!isOurProcess(s.pid, 'main.js')) {
      say(`    ${s.name.padEnd(9)} not running`);
      continue;
    }
    say(`    ${s.name.padEnd(9)} ${await stopProcess(s.pid)} (pid ${s.pid})`);
  }
  if (file.kafka.pid !== undefined) {
    const pid = file.kafka.pid;
    say(`    kafka     ${isOurProcess(pid, 'kafka.Kafka') ? `${await stopProcess(pid)} (pid ${pid})` : 'not running'}`);
  }
  removeStackFile();
  say('stack:down: done (the database and the logs in .stack/ are kept)');
}

down().catch((error) => {
  say(`stack:down failed: ${(error as Error).message}`);
  process.exitCode = 1;
});
