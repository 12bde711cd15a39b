import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import type { BundleFile } from './bundle-files.js';

// Built from local-time parts on purpose: DOS timestamps are local time, so this encodes identically in every
// time zone, and with the UTC extra field switched off the archive bytes depend only on the files.
const FIXED_MTIME = new Date(2000, 0, 1, 0, 0, 0);
const FILE_MODE = 0o100644;

/** Writes a reproducible zip: sorted entries, fixed timestamps and modes. */
async function writeZip(files: readonly BundleFile[], outPath: string): Promise<void> {
  await mkdir(dirname(outPath), { recursive: true });
  await pipeline(zipStream(files), createWriteStream(outPath));
}

/** The zip as bytes, for tests and for callers that do not want a file. */
async function zipBytes(files: readonly BundleFile[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of zipStream(files)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function zipStream(files: readonly BundleFile[]): NodeJS.ReadableStream {
  const zip = new ZipFile();
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const { path, content } of sorted) {
    zip.addBuffer(content, path, { mtime: FIXED_MTIME, mode: FILE_MODE, forceDosTimestamp: true });
  }
  zip.end();
  return zip.outputStream;
}

export { writeZip, zipBytes };
