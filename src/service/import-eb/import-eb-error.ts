import { ServiceModelError } from '../service-model-error.js';

/** Where in the EB app a value was read: a path relative to the app folder and a 1-based line. */
type SourceLocation = {
  readonly file: string;
  /** Absent when the whole file is at fault (unreadable, missing). */
  readonly line?: number;
};

/** `file:line`, or `file` alone, as editors and terminals link it. */
function formatLocation({ file, line }: SourceLocation): string {
  return line === undefined ? file : `${file}:${line}`;
}

/**
 * Anything in an EB app that `import:eb` refuses to translate. The message starts with `file:line` so the user
 * can jump to the line; nothing is written when one is thrown. A ServiceModelError, the base of src/service's
 * errors, so callers that print those in one line print these too.
 * `name` is a string literal because esbuild's minifier renames classes.
 */
class ImportEbError extends ServiceModelError {
  override readonly name = 'ImportEbError';
  readonly location: SourceLocation | undefined;

  constructor(location: SourceLocation | undefined, detail: string, options?: ErrorOptions) {
    super(location === undefined ? detail : `${formatLocation(location)}: ${detail}`, options);
    this.location = location;
  }
}

export type { SourceLocation };
export { formatLocation, ImportEbError };
