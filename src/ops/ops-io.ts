import { createInterface } from 'node:readline/promises';
import type { OpsIo } from './ops-commands.js';

/** stdout for output; questions only when stdin is a terminal (in CI there is nobody to answer). */
function terminalIo(): OpsIo {
  return {
    print: (line) => console.log(line),
    interactive: process.stdin.isTTY === true,
    ask: async (question) => {
      const readline = createInterface({ input: process.stdin, output: process.stdout });
      try {
        return await readline.question(question);
      } finally {
        readline.close();
      }
    },
  };
}

/** A positive integer option (`--max`, `--count`), or a clear error. */
function positiveInteger(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new Error(`${flag} must be a positive integer, got ${String(value)}`);
  return number;
}

export { positiveInteger, terminalIo };
