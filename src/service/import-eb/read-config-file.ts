import { isMap, isPair, isScalar, isSeq, type Pair, Scalar } from 'yaml';
import { ImportEbError, type SourceLocation } from './import-eb-error.js';
import type { ReportEntry } from './import-report.js';
import { type LocatedYaml, plain } from './located-yaml.js';

/** One option setting from `option_settings`, in either of its two forms. */
type OptionSetting = {
  readonly namespace: string;
  readonly option: string;
  /** A scalar, or an object for a CloudFormation function such as `Fn::GetOptionSetting`. */
  readonly value: unknown;
  readonly source: SourceLocation;
};

/** One line of a file that a `files:` entry installs under /etc/cron.d. */
type CronFileLine = {
  readonly text: string;
  readonly installPath: string;
  readonly source: SourceLocation;
};

type ConfigFileContents = {
  readonly options: OptionSetting[];
  readonly cronLines: CronFileLine[];
  /** Keys and files that are not worker settings. */
  readonly report: ReportEntry[];
};

// The list form's default namespace, as EB documents it for `option_name`/`value` items without one.
const ENVIRONMENT_NAMESPACE = 'aws:elasticbeanstalk:application:environment';
const CRON_D = '/etc/cron.d/';

const OTHER_KEYS: Readonly<Record<string, string>> = {
  commands: 'commands are not run by the import; if one installs a crontab, move its lines to cron.yaml',
  container_commands:
    'container_commands are not run by the import; if one installs a crontab, move its lines to cron.yaml',
  Resources:
    'CloudFormation resources of the EB environment are not copied; add what you need to serverless.yml',
};

/** Reads the worker-relevant parts of one `.ebextensions/*.config` file; the rest goes to the report. */
function readConfigFile(yaml: LocatedYaml): ConfigFileContents {
  const root = yaml.document.contents;
  const contents: ConfigFileContents = { options: [], cronLines: [], report: [] };
  if (root === null || (isScalar(root) && root.value === null)) return contents;
  if (!isMap(root))
    throw new ImportEbError(yaml.at(root), 'expected a mapping of keys such as option_settings');
  for (const pair of root.items) {
    const key = String(plain(pair.key));
    if (key === 'option_settings') contents.options.push(...readOptionSettings(pair, yaml));
    else if (key === 'files') readFiles(pair, yaml, contents);
    else {
      contents.report.push({
        status: 'not carried over',
        setting: key,
        value: '…',
        source: yaml.at(pair.key),
        why: OTHER_KEYS[key] ?? `"${key}" configures the EB instances, which Lambda does not have`,
      });
    }
  }
  return contents;
}

function readOptionSettings(pair: Pair, yaml: LocatedYaml): OptionSetting[] {
  const { value } = pair;
  if (isMap(value)) {
    // Map form: namespace -> { option: value }.
    return value.items.flatMap((namespacePair) => {
      const namespace = String(plain(namespacePair.key));
      const options = namespacePair.value;
      if (!isMap(options)) {
        throw new ImportEbError(
          yaml.at(namespacePair.key),
          `option_settings "${namespace}" must map option names to values`,
        );
      }
      return options.items.map((option) => ({
        namespace,
        option: String(plain(option.key)),
        value: plain(option.value),
        source: yaml.at(option.key),
      }));
    });
  }
  if (isSeq(value)) {
    // List form: items with namespace (optional), option_name and value.
    return value.items.map((item) => {
      if (!isMap(item))
        throw new ImportEbError(yaml.at(item), 'an option_settings item must have option_name and value');
      const get = (key: string) => item.items.find((entry) => isPair(entry) && plain(entry.key) === key);
      const name = plain(get('option_name')?.value);
      if (typeof name !== 'string' || name === '') {
        throw new ImportEbError(yaml.at(item), 'option_settings item has no option_name');
      }
      const namespace = plain(get('namespace')?.value);
      return {
        namespace: typeof namespace === 'string' ? namespace : ENVIRONMENT_NAMESPACE,
        option: name,
        value: plain(get('value')?.value),
        source: yaml.at(get('option_name')?.value ?? item),
      };
    });
  }
  if (plain(value) === null) return [];
  throw new ImportEbError(yaml.at(value ?? pair.key), 'option_settings must be a mapping or a list');
}

function readFiles(pair: Pair, yaml: LocatedYaml, contents: ConfigFileContents): void {
  if (!isMap(pair.value))
    throw new ImportEbError(yaml.at(pair.key), 'files must map file paths to their settings');
  for (const file of pair.value.items) {
    const installPath = String(plain(file.key));
    if (!installPath.startsWith(CRON_D)) {
      contents.report.push({
        status: 'not carried over',
        setting: `files "${installPath}"`,
        value: '…',
        source: yaml.at(file.key),
        why: 'a file installed on the EB instances, not a worker setting',
      });
      continue;
    }
    contents.cronLines.push(...readCronFile(installPath, file, yaml));
  }
}

/** The lines of a cron.d file, each with its own line number when the content is a literal block. */
function readCronFile(installPath: string, file: Pair, yaml: LocatedYaml): CronFileLine[] {
  const settings = file.value;
  const field = (key: string) =>
    isMap(settings) ? settings.items.find((entry) => isPair(entry) && plain(entry.key) === key) : undefined;
  const content = field('content')?.value;
  if (!isScalar(content) || typeof content.value !== 'string') {
    const why =
      field('source') === undefined ? 'has no content' : 'downloads its content from a URL (source:)';
    throw new ImportEbError(
      yaml.at(file.key),
      `files "${installPath}" ${why}; put the crontab lines under content: so the import can read them`,
    );
  }
  const base64 = plain(field('encoding')?.value) === 'base64';
  const text = base64 ? Buffer.from(content.value, 'base64').toString('utf8') : content.value;
  const start = yaml.at(content);
  // A literal block keeps one source line per content line, starting on the line after its `|` header.
  const exact = !base64 && content.type === Scalar.BLOCK_LITERAL && start.line !== undefined;
  return text.split('\n').map((line, index) => ({
    text: line,
    installPath,
    source: exact ? { file: start.file, line: (start.line ?? 0) + 1 + index } : start,
  }));
}

export type { ConfigFileContents, CronFileLine, OptionSetting };
export { readConfigFile };
