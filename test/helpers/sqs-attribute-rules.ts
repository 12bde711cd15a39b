import type { MessageAttributeValue } from '@aws-sdk/client-sqs';

/**
 * What SQS accepts as message attributes (SendMessage, "Message attribute components" in the SQS
 * developer guide): at most 10; a name of 1-256 characters from A-Z a-z 0-9 _ - . that does not start
 * with `AWS.`/`Amazon.`, start or end with a period, or hold two in a row; a data type `String`,
 * `Number` or `Binary`, optionally followed by `.` and a custom label; String and Number carry a
 * non-empty StringValue (a Number a number), Binary a non-empty BinaryValue, never the other field.
 * fauxqs accepts anything, so tests check what reached it against these rules.
 */
function sqsAttributeProblems(attributes: Record<string, MessageAttributeValue> | undefined): string[] {
  const problems: string[] = [];
  const entries = Object.entries(attributes ?? {});
  if (entries.length > 10) problems.push(`${entries.length} attributes (at most 10)`);
  for (const [name, value] of entries) {
    if (!/^[A-Za-z0-9_.-]{1,256}$/.test(name) || /^(aws|amazon)\./i.test(name) || /^\.|\.$|\.\./.test(name)) {
      problems.push(`${name}: invalid name`);
    }
    const type = value.DataType ?? '';
    const base = /^(String|Number|Binary)(\.[^\s]+)?$/.exec(type)?.[1];
    if (base === undefined || type.length > 256) {
      problems.push(`${name}: invalid data type ${JSON.stringify(type)}`);
      continue;
    }
    const hasString = value.StringValue !== undefined && value.StringValue !== null;
    const hasBinary = value.BinaryValue !== undefined && value.BinaryValue !== null;
    if (base === 'Binary') {
      if (!hasBinary || value.BinaryValue?.length === 0) problems.push(`${name}: Binary without a value`);
      if (hasString) problems.push(`${name}: Binary with a StringValue`);
    } else {
      if (!hasString || value.StringValue === '') problems.push(`${name}: ${base} without a value`);
      if (hasBinary) problems.push(`${name}: ${base} with a BinaryValue`);
      if (base === 'Number' && hasString && !/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value.StringValue ?? '')) {
        problems.push(`${name}: Number value is not a number`);
      }
    }
  }
  return problems;
}

export { sqsAttributeProblems };
