/**
 * Checks a CloudFormation template against the official resource specification (the
 * `@aws-cdk/aws-service-spec` database on npm, offline): every resource type exists, every property is
 * known and of the right type, required properties are present. Intrinsic functions stand for a value of
 * whatever type the property needs, since their result is only known at deploy time.
 */
import { loadAwsServiceSpec } from '@aws-cdk/aws-service-spec';

type SpecDatabase = Awaited<ReturnType<typeof loadAwsServiceSpec>>;
type SpecType = { type: string; element?: SpecType; types?: SpecType[]; reference?: { $ref: string } };
type SpecProperty = { type: SpecType; required?: boolean };

let database: Promise<SpecDatabase> | undefined;
function specDatabase(): Promise<SpecDatabase> {
  database ??= loadAwsServiceSpec();
  return database;
}

const isIntrinsic = (value: unknown): boolean => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return (
    keys.length === 1 &&
    (keys[0] === 'Ref' || keys[0]?.startsWith('Fn::') === true || keys[0] === 'Condition')
  );
};

function checkValue(db: SpecDatabase, value: unknown, type: SpecType, where: string, errors: string[]): void {
  if (isIntrinsic(value)) return;
  const wrong = (expected: string): void =>
    void errors.push(`${where}: expected ${expected}, got ${JSON.stringify(value)?.slice(0, 80)}`);
  switch (type.type) {
    case 'string':
    case 'date-time':
      // CloudFormation turns numbers and booleans into strings for string properties.
      if (!['string', 'number', 'boolean'].includes(typeof value)) wrong('a string');
      return;
    case 'integer':
    case 'number': {
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (
        typeof number !== 'number' ||
        Number.isNaN(number) ||
        (type.type === 'integer' && !Number.isInteger(number))
      ) {
        wrong(`a${type.type === 'integer' ? 'n integer' : ' number'}`);
      }
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean' && value !== 'true' && value !== 'false') wrong('a boolean');
      return;
    case 'json':
      return;
    case 'tag':
      if (typeof value !== 'object' || value === null || !('Key' in value) || !('Value' in value))
        wrong('a tag');
      return;
    case 'array':
      if (!Array.isArray(value)) {
        wrong('a list');
        return;
      }
      for (const [index, item] of value.entries()) {
        checkValue(db, item, type.element as SpecType, `${where}[${index}]`, errors);
      }
      return;
    case 'map':
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        wrong('a map');
        return;
      }
      for (const [key, item] of Object.entries(value))
        checkValue(db, item, type.element as SpecType, `${where}.${key}`, errors);
      return;
    case 'union': {
      const fits = (type.types ?? []).some((option) => {
        const local: string[] = [];
        checkValue(db, value, option, where, local);
        return local.length === 0;
      });
      if (!fits) wrong((type.types ?? []).map((t) => t.type).join(' | '));
      return;
    }
    case 'ref': {
      const definition = db.get('typeDefinition', type.reference?.$ref ?? '') as unknown as {
        name: string;
        properties: Record<string, SpecProperty>;
      };
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        wrong(`a ${definition.name} object`);
        return;
      }
      checkProperties(db, value as Record<string, unknown>, definition.properties, where, errors);
      return;
    }
    default:
      errors.push(`${where}: unhandled specification type ${type.type}`);
  }
}

function checkProperties(
  db: SpecDatabase,
  values: Record<string, unknown>,
  properties: Record<string, SpecProperty>,
  where: string,
  errors: string[],
): void {
  for (const [name, value] of Object.entries(values)) {
    const property = properties[name];
    if (property === undefined) errors.push(`${where}.${name}: unknown property`);
    else checkValue(db, value, property.type, `${where}.${name}`, errors);
  }
  for (const [name, property] of Object.entries(properties)) {
    if (property.required && !(name in values)) errors.push(`${where}.${name}: required property missing`);
  }
}

/** Every problem found in `template`, one line each, naming the resource and property path. */
async function specErrors(template: {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}) {
  const db = await specDatabase();
  const errors: string[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type.startsWith('Custom::')) continue;
    const [spec] = db.lookup('resource', 'cloudFormationType', 'equals', resource.Type);
    if (spec === undefined) {
      errors.push(`${logicalId}: resource type ${resource.Type} does not exist`);
      continue;
    }
    checkProperties(
      db,
      resource.Properties ?? {},
      spec.properties as unknown as Record<string, SpecProperty>,
      `${logicalId} (${resource.Type})`,
      errors,
    );
  }
  return errors;
}

export { specErrors };
