import { isMap, isScalar } from 'yaml';
import type { Path } from './find-service-targets.js';
import { ImportEbError } from './import-eb-error.js';
import type { LocatedYaml } from './located-yaml.js';

/** A value the import set: the path written (after following variables) and what it was. */
type ValueChange = {
  readonly path: Path;
  readonly before: unknown;
  readonly after: number | string;
  readonly note?: string;
};

const PARAM = /^\$\{param:([\w.-]+)\}$/;
const SELF = /^\$\{self:([\w.-]+)\}$/;

/**
 * Sets a scalar in place, keeping its comments and quoting. A value that is `${param:x}` or `${self:a.b}` is
 * followed to where it is defined (`params.default.x`, `a.b`), so the stage overrides in `params` keep working;
 * any other variable is refused, since the import cannot know what it resolves to. A changed value gets an
 * end-of-line comment naming `origin`, the EB setting it came from.
 */
function setYamlValue(yaml: LocatedYaml, start: Path, value: number | string, origin: string): ValueChange {
  const { document } = yaml;
  let path = start;
  for (let hops = 0; hops < 5; hops++) {
    const node = document.getIn(path, true);
    if (isScalar(node) && typeof node.value === 'string' && node.value.includes('${')) {
      const param = PARAM.exec(node.value)?.[1];
      const self = SELF.exec(node.value)?.[1];
      if (param !== undefined) path = ['params', 'default', param];
      else if (self !== undefined) path = self.split('.');
      else {
        throw new ImportEbError(
          yaml.at(node),
          `${path.join('.')} is "${node.value}"; set it to ${value} by hand (the import follows only \${param:…} and \${self:…})`,
        );
      }
      continue;
    }
    if (node !== undefined && !isScalar(node)) {
      throw new ImportEbError(yaml.at(node), `${path.join('.')} must be a plain value to receive ${value}`);
    }
    const before = node?.value;
    // Keep the file's own type: a quoted '30' stays a string.
    const after = typeof before === 'string' ? String(value) : value;
    if (node === undefined) document.setIn(path, after);
    else node.value = after;
    if (before !== after) {
      // The comments around a changed value described the old one; say where the new one comes from.
      const written = document.getIn(path, true);
      if (isScalar(written)) written.comment = ` import:eb: ${origin}`;
    }
    return {
      path,
      before,
      after,
      note: path[0] === 'params' ? stageOverrides(yaml, String(path[2])) : undefined,
    };
  }
  throw new ImportEbError(
    yaml.at(document.getIn(start, true)),
    `${start.join('.')}: variables refer to each other in a loop`,
  );
}

/** Stages whose params still override the default that was just set. */
function stageOverrides(yaml: LocatedYaml, name: string): string | undefined {
  const params = yaml.document.get('params', true);
  if (!isMap(params)) return undefined;
  const stages = params.items
    .map((pair) => String(isScalar(pair.key) ? pair.key.value : pair.key))
    .filter((stage) => stage !== 'default' && yaml.document.hasIn(['params', stage, name]));
  return stages.length === 0 ? undefined : `stage ${stages.join(', ')} keeps its own params.<stage>.${name}`;
}

export type { ValueChange };
export { setYamlValue };
