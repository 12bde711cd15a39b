import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The AWS sample payloads under test/fixtures/aws (see SOURCES.md there for where each comes from). */
const AWS_FIXTURES = new URL('../fixtures/aws/', import.meta.url);

/** The repository's own Lambda events (`events/*.json`), shared with `serverless invoke local`. */
const EVENTS = new URL('../../events/', import.meta.url);

/** A fresh parsed copy each call, so one test cannot mutate another's fixture. */
const awsFixture = <T = Record<string, unknown>>(name: string): T =>
  JSON.parse(readFileSync(new URL(name, AWS_FIXTURES), 'utf8')) as T;

/** The fixture file's text, for use as a message body exactly as stored. */
const awsFixtureText = (name: string): string => readFileSync(new URL(name, AWS_FIXTURES), 'utf8');

const repoEvent = <T = Record<string, unknown>>(name: string): T =>
  JSON.parse(readFileSync(new URL(name, EVENTS), 'utf8')) as T;

/** Names of `events/` files matching `pattern` (empty when the directory has none). */
const repoEventNames = (pattern: RegExp): string[] =>
  readdirSync(fileURLToPath(EVENTS))
    .filter((name) => pattern.test(name))
    .sort();

export { awsFixture, awsFixtureText, repoEvent, repoEventNames };
