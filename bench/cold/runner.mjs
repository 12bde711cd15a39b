// Cold-start probe: `node runner.mjs <bundle.mjs> [event.json]`. Imports the bundle (what the Lambda
// runtime does at init) and, given an event, invokes the handler once. Plain JS, so nothing is compiled
// on the way: the process does only what a cold Lambda does.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const bootMs = performance.now();
const module = await import(pathToFileURL(process.argv[2]).href);
const importMs = performance.now() - bootMs;

let invokeMs;
if (process.argv[3]) {
  const event = JSON.parse(readFileSync(process.argv[3], 'utf8'));
  const context = {
    functionName: 'cold-start',
    awsRequestId: 'cold-start',
    getRemainingTimeInMillis: () => 30_000,
  };
  const started = performance.now();
  const response = await module.handler(event, context);
  invokeMs = performance.now() - started;
  process.stdout.write(`\nRESPONSE ${JSON.stringify(response)}\n`);
}
process.stdout.write(`\nRESULT ${JSON.stringify({ bootMs, importMs, invokeMs })}\n`);
