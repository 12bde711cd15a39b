/**
 * The CLI's output: a status block kept at the bottom of a terminal while handler logs (JSON lines on
 * stdout) scroll above it, or, when stdout is not a terminal, plain lines only. Handlers write through
 * console.log like on Lambda; this patches process.stdout/stderr.write to lift the block out of the way.
 */

type Write = typeof process.stdout.write;

type TerminalOutput = {
  /** A line of our own (banner, notices): always shown, above the status block. */
  print(line: string): void;
  /** Replace the status block (TTY: redrawn in place; otherwise printed as lines). */
  status(lines: readonly string[]): void;
  /** Stop intercepting; leaves the last status block on screen. */
  close(): void;
  readonly tty: boolean;
};

type OutputOptions = {
  /** Drop what handlers write to stdout (their JSON logs and EMF metrics); stderr is still shown. */
  quiet?: boolean;
  /** Show EMF metric documents (`{"_aws": …}` lines) among handler output. @defaultValue true */
  metrics?: boolean;
  /** @defaultValue process.stdout.isTTY */
  tty?: boolean;
};

const ESC = '\u001b[';

/** An EMF document as the worker writes it: one JSON line starting with its `_aws` metadata. */
const EMF_LINE = /^\{"_aws":/;

/** `chunk` without its EMF lines; a chunk that was only metrics becomes ''. */
function withoutMetrics(chunk: string): string {
  return chunk
    .split(/(?<=\n)/)
    .filter((line) => !EMF_LINE.test(line))
    .join('');
}

function createTerminalOutput(options: OutputOptions = {}): TerminalOutput {
  const tty = options.tty ?? Boolean(process.stdout.isTTY);
  const out = process.stdout.write.bind(process.stdout) as Write;
  const err = process.stderr.write.bind(process.stderr) as Write;
  let block: readonly string[] = [];
  let drawn = 0;
  let redrawTimer: NodeJS.Timeout | undefined;

  const clear = () => {
    if (drawn > 0) out(`${ESC}${drawn}F${ESC}0J`);
    drawn = 0;
  };
  const draw = () => {
    redrawTimer = undefined;
    if (!tty || block.length === 0 || drawn > 0) return;
    const width = process.stdout.columns || 120;
    out(`${block.map((line) => line.slice(0, Math.max(20, width - 1))).join('\n')}\n`);
    drawn = block.length;
  };
  // Many log lines per second would otherwise redraw the block once per line.
  const scheduleDraw = () => {
    redrawTimer ??= setTimeout(draw, 100);
  };
  const hideMetrics = options.metrics === false;
  // Metrics only ever go to stdout, so only stdout is filtered.
  const intercept = (original: Write, drop: boolean, filterMetrics: boolean): Write =>
    ((input: unknown, ...rest: unknown[]) => {
      const chunk = filterMetrics && typeof input === 'string' ? withoutMetrics(input) : input;
      if (drop || chunk === '') {
        const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
        callback?.();
        return true;
      }
      if (!tty) return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
      clear();
      const result = (original as (...args: unknown[]) => boolean)(chunk, ...rest);
      scheduleDraw();
      return result;
    }) as Write;

  process.stdout.write = intercept(out, options.quiet ?? false, hideMetrics);
  process.stderr.write = intercept(err, false, false);

  return {
    tty,
    print(line) {
      if (tty) clear();
      out(`${line}\n`);
      if (tty) scheduleDraw();
    },
    status(lines) {
      block = lines;
      if (tty) {
        clear();
        draw();
      } else {
        for (const line of lines) out(`${line}\n`);
      }
    },
    close() {
      clearTimeout(redrawTimer);
      process.stdout.write = out;
      process.stderr.write = err;
    },
  };
}

export type { OutputOptions, TerminalOutput };
export { createTerminalOutput };
