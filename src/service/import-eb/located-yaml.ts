import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { ImportEbError, type SourceLocation } from './import-eb-error.js';

/** A parsed YAML (or JSON: JSON is YAML 1.2) file whose nodes can be traced back to a line. */
type LocatedYaml = {
  readonly file: string;
  readonly document: Document.Parsed;
  /** The location of a node, for errors and the report. */
  at(node: unknown): SourceLocation;
};

/**
 * Parses one file of the EB app. Syntax errors become ImportEbError at the offending line. Warnings are
 * ignored on purpose: they are mostly CloudFormation short tags (`!Ref`) in `Resources:`, which EB accepts.
 */
function parseLocatedYaml(text: string, file: string): LocatedYaml {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const [error] = document.errors;
  if (error !== undefined) {
    const line = lineCounter.linePos(error.pos[0]).line;
    throw new ImportEbError({ file, line }, `not valid YAML or JSON: ${error.message.split('\n')[0]}`);
  }
  return {
    file,
    document,
    at(node) {
      const range = (node as Node | null | undefined)?.range;
      return range ? { file, line: lineCounter.linePos(range[0]).line } : { file };
    },
  };
}

/**
 * How edited files are written back: no re-wrapping of long lines and `[a, b]` flow lists, so an unchanged
 * part of serverless.yml comes out byte for byte as it went in.
 */
const YAML_OUTPUT = { lineWidth: 0, flowCollectionPadding: false } as const;

/** A scalar, map or sequence as plain JavaScript (CloudFormation functions stay objects). */
function plain(node: unknown): unknown {
  if (isScalar(node)) return node.value;
  if (isMap(node) || isSeq(node)) return node.toJSON();
  return node ?? undefined;
}

export type { LocatedYaml };
export { parseLocatedYaml, plain, YAML_OUTPUT };
