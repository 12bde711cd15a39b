import { SQSD_OPTION_TABLE, type SqsdNumericOption } from '../sqsd-option-table.js';

/**
 * The option names of the `aws:elasticbeanstalk:sqsd` namespace. The numeric ones, with EB's defaults and
 * ranges, are the table package:eb and the local sqsd use (src/service/sqsd-option-table.ts); the text ones
 * are not carried over to Lambda (docs/import-eb.md says why).
 */
const SQSD_NAMESPACE = 'aws:elasticbeanstalk:sqsd';

const TEXT_OPTIONS = new Set(['WorkerQueueURL', 'HttpPath', 'MimeType']);

function isSqsdOption(name: string): boolean {
  return TEXT_OPTIONS.has(name) || isNumericSqsdOption(name);
}

function isNumericSqsdOption(name: string): name is SqsdNumericOption {
  return Object.hasOwn(SQSD_OPTION_TABLE, name);
}

export { isNumericSqsdOption, isSqsdOption, SQSD_NAMESPACE };
