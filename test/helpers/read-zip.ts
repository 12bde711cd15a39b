import { inflateRawSync } from 'node:zlib';

/** One entry as the zip's central directory describes it. */
interface ZipEntry {
  readonly path: string;
  /** The entry's bytes, inflated when deflated. */
  readonly content: Buffer;
  /** Unix mode from the external attributes. */
  readonly mode: number;
  /** Raw DOS time and date words, to check timestamps are fixed. */
  readonly dosTime: number;
  readonly dosDate: number;
}

const END_OF_CENTRAL_DIRECTORY = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

// A reader written from the PKWARE APPNOTE rather than another zip library (the project has no zip reader,
// and the tests should not ask yazl's sibling whether yazl is right). It walks the central directory, because
// archivers may write sizes only there (data descriptors). Handles stored or deflated entries, no zip64.
function readZip(zip: Buffer): ZipEntry[] {
  const end = zip.lastIndexOf(END_OF_CENTRAL_DIRECTORY);
  if (end < 0) throw new Error('no end-of-central-directory record');
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let index = 0; index < count; index += 1) {
    if (zip.readUInt32LE(offset) !== CENTRAL_FILE_HEADER)
      throw new Error(`bad central directory entry ${index}`);
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localOffset = zip.readUInt32LE(offset + 42);
    const path = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    if (zip.readUInt32LE(localOffset) !== LOCAL_FILE_HEADER) throw new Error(`bad local header for ${path}`);
    // The local header has its own name/extra lengths; the data starts right after them.
    const dataStart =
      localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    if (method !== STORED && method !== DEFLATED) {
      throw new Error(`${path}: unsupported zip compression method ${method}`);
    }
    entries.push({
      path,
      content: method === DEFLATED ? inflateRawSync(data) : Buffer.from(data),
      mode: zip.readUInt32LE(offset + 38) >>> 16,
      dosTime: zip.readUInt16LE(offset + 12),
      dosDate: zip.readUInt16LE(offset + 14),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

export type { ZipEntry };
export { readZip };
