/** Most entries one SQS batch call takes (SendMessageBatch, DeleteMessageBatch, ChangeMessageVisibilityBatch). */
const SQS_BATCH_LIMIT = 10;

/** `items` in order, cut into runs of at most `size` (the last one may be shorter); none when empty. */
function chunk<T>(items: readonly T[], size: number = SQS_BATCH_LIMIT): T[][] {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

export { chunk, SQS_BATCH_LIMIT };
