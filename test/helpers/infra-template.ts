import { readFile } from 'node:fs/promises';

// Just enough CloudFormation typing to read the packaged template; the assertions check the values.
type Resource = { readonly Type: string; readonly Properties?: Record<string, unknown> };
type Template = {
  readonly Resources: Record<string, Resource>;
  readonly Outputs?: Record<string, { readonly Value: unknown }>;
};

type Statement = {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource?: unknown;
  readonly Principal?: unknown;
  readonly Condition?: Record<string, Record<string, string>>;
};

const loadTemplate = async (file: string): Promise<Template> =>
  JSON.parse(await readFile(file, 'utf8')) as Template;

// [logicalId, properties] of every resource of one type, with properties typed by the caller.
const resourcesOfType = <P>(template: Template, type: string): [string, P][] =>
  Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === type)
    .map(([id, resource]) => [id, (resource.Properties ?? {}) as P]);

const propertiesOf = <P>(template: Template, logicalId: string, type: string): P => {
  const resource = template.Resources[logicalId];
  if (resource?.Type !== type) throw new Error(`${logicalId} is not a ${type} in the template`);
  return (resource.Properties ?? {}) as P;
};

const getAtt = (logicalId: string, attribute: string) => ({ 'Fn::GetAtt': [logicalId, attribute] });
const ref = (logicalId: string) => ({ Ref: logicalId });
const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

export type { Statement, Template };
export { asArray, getAtt, loadTemplate, propertiesOf, ref, resourcesOfType };
