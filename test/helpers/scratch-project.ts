import { mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Document, parseDocument } from 'yaml';
import { REPO_ROOT } from './e2e-tier.js';

/** Left out of a scratch project: its own serverless.yml is written, and state must not be shared. */
const NOT_LINKED = new Set(['serverless.yml', '.git', '.worker-tier', '.serverless', '.esbuild', 'dist']);

/**
 * A throwaway copy of the project for CLI tests that need a different serverless.yml: every top-level
 * entry of the repository is symlinked (sources, node_modules, plugins), and serverless.yml is the real
 * one with `edit` applied through the yaml Document API, so comments and every other key stay as they are.
 */
function createScratchProject(edit: (service: Document) => void): string {
  const root = mkdtempSync(join(tmpdir(), 'worker-tier-project-'));
  for (const entry of readdirSync(REPO_ROOT)) {
    if (!NOT_LINKED.has(entry)) symlinkSync(join(REPO_ROOT, entry), join(root, entry));
  }
  const service = parseDocument(readFileSync(join(REPO_ROOT, 'serverless.yml'), 'utf8'));
  edit(service);
  writeFileSync(join(root, 'serverless.yml'), service.toString());
  return root;
}

export { createScratchProject };
