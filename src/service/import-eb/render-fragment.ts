import { Document, isCollection, isScalar, type Node } from 'yaml';
import type { Path } from './find-service-targets.js';
import { YAML_OUTPUT } from './located-yaml.js';

/**
 * The parts of a serverless.yml at `paths`, as YAML with their comments: what the import would write,
 * without the hundreds of lines it leaves alone.
 */
function renderFragment(document: Document, paths: readonly Path[]): string {
  const fragment = new Document({});
  for (const path of paths) {
    const node = document.getIn(path, true) as Node | undefined;
    if (node === undefined) continue;
    fragment.setIn(path, isCollection(node) || isScalar(node) ? node.clone() : node);
  }
  return fragment.toString(YAML_OUTPUT);
}

export { renderFragment };
