#!/usr/bin/env node
/* The `cairn` command. */
import { run } from './cli';

void run(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  now: () => performance.now(),
}).then((code) => {
  process.exitCode = code;
});
