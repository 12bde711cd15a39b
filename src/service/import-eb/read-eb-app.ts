import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ImportEbError } from './import-eb-error.js';

/** A text file of the EB app; `file` is relative to the app folder (it is what errors and the report show). */
type AppFile = { readonly file: string; readonly text: string };

/** The files of an EB worker app that say how it is configured. */
type EbAppFiles = {
  readonly cronYaml?: AppFile;
  /** `.ebextensions/*.config`, in the alphabetical order EB applies them. */
  readonly configs: readonly AppFile[];
  readonly procfile?: AppFile;
};

/** Reads cron.yaml, .ebextensions/*.config and Procfile from an EB app folder (source bundle root). */
function readEbApp(dir: string): EbAppFiles {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ImportEbError(
      { file: dir },
      'is not a folder; pass the root of the EB app (where cron.yaml and .ebextensions are)',
    );
  }
  const read = (file: string): AppFile | undefined =>
    existsSync(join(dir, file)) ? { file, text: readFileSync(join(dir, file), 'utf8') } : undefined;
  const extensions = join(dir, '.ebextensions');
  // EB reads only files ending in .config, in alphabetical order.
  const names = existsSync(extensions)
    ? readdirSync(extensions)
        .filter((name) => name.endsWith('.config'))
        .sort()
    : [];
  const configs = names.map((name) => read(`.ebextensions/${name}`)).filter((file) => file !== undefined);
  const cronYaml = read('cron.yaml');
  if (cronYaml === undefined && configs.length === 0) {
    throw new ImportEbError(
      { file: dir },
      'has neither cron.yaml nor .ebextensions/*.config; pass the root of the EB app source bundle',
    );
  }
  return { cronYaml, configs, procfile: read('Procfile') };
}

export type { AppFile, EbAppFiles };
export { readEbApp };
