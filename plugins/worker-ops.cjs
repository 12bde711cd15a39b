// Local osls plugin: the `serverless worker:*` operations commands (docs/operations.md). A thin shim: the
// command logic is TypeScript in src/ops, loaded on first use through tsx (a devDependency, so this works
// offline on a fresh clone after `npm ci`). Nothing is loaded for `package`, `deploy` or `print`.
'use strict';

const path = require('node:path');

const TARGET_OPTIONS = {
  endpoint: {
    usage: 'Act on the local tier at this SQS endpoint (npm start, e.g. http://127.0.0.1:4566) instead of the deployed stack',
    type: 'string',
  },
};
const YES = { yes: { usage: 'Do not ask for confirmation (required without a terminal)', type: 'boolean' } };
const MAX = { max: { usage: 'Look at most at this many DLQ messages', type: 'string' } };

function command(usage, options = {}) {
  return { usage, lifecycleEvents: ['run'], options: { ...TARGET_OPTIONS, ...options } };
}

class WorkerOps {
  constructor(serverless, options) {
    this.serverless = serverless;
    this.options = options;
    // Flat keys with colons, as Lift registers `<queue>:failed`: osls resolves `serverless worker:failed`
    // by the whole name (a nested `worker: { commands: { failed } }` would be `serverless worker failed`).
    this.commands = {
      'worker:send': command('Send a message to the work queue', {
        body: { usage: 'Message body (JSON or text)', type: 'string' },
        file: { usage: 'Read the body from this file', type: 'string' },
        sns: { usage: 'Wrap the body in an SNS Notification envelope', type: 'boolean' },
        group: { usage: 'FIFO MessageGroupId', type: 'string' },
        count: { usage: 'Send this many copies', type: 'string' },
      }),
      'worker:failed': command('List DLQ messages without consuming them', MAX),
      'worker:failed:retry': command('Move DLQ messages back to where they came from', {
        ...YES,
        ...MAX,
        id: { usage: 'Only this original (or DLQ) message id; repeatable', type: 'multiple' },
      }),
      'worker:failed:purge': command('Delete every DLQ message', YES),
      'worker:schedules': command('List the schedules with their next three fire times (UTC)'),
      'worker:run': command('Run a scheduled task now with its schedule payload', {
        task: { usage: 'Task name (see worker:schedules)', type: 'string', required: true },
        schedule: { usage: 'Which schedule, when several run the task', type: 'string' },
      }),
      // The same as `npm run import:eb` (docs/import-eb.md); it edits this service's serverless.yml.
      'worker:import-eb': {
        usage: "Carry an EB worker app's schedules and queue settings into serverless.yml",
        lifecycleEvents: ['run'],
        options: {
          app: { usage: 'The EB app folder (cron.yaml, .ebextensions, Procfile)', type: 'string', required: true },
          write: { usage: 'Edit serverless.yml in place, then check it with serverless print', type: 'boolean' },
        },
      },
      'worker:logs': command('Function logs (alias of `serverless logs -f worker`)', {
        function: { usage: 'Function key', shortcut: 'f', type: 'string' },
        tail: { usage: 'Keep streaming', shortcut: 't', type: 'boolean' },
      }),
    };
    const run = (name) => () => this.run(name);
    this.hooks = {
      'worker:send:run': run('send'),
      'worker:failed:run': run('failed'),
      'worker:failed:retry:run': run('failed:retry'),
      'worker:failed:purge:run': run('failed:purge'),
      'worker:schedules:run': run('schedules'),
      'worker:run:run': run('run'),
      'worker:logs:run': () => this.logs(),
      'worker:import-eb:run': () => this.importEb(),
    };
  }

  async load() {
    // import(), not require(): tsx's CommonJS build of this API registers its loader by a path that
    // does not exist (ERR_MODULE_NOT_FOUND on Node 20).
    const { tsImport } = await import('tsx/esm/api');
    return tsImport(path.join(__dirname, '..', 'src', 'ops', 'plugin-entry.ts'), __filename);
  }

  async run(name) {
    const { runFromPlugin } = await this.load();
    const provider = this.serverless.getProvider('aws');
    try {
      await runFromPlugin(name, {
        service: this.serverless.service,
        stage: provider.getStage(),
        region: provider.getRegion(),
        stackName: provider.naming.getStackName(),
        options: this.options,
      });
    } catch (error) {
      // A user-facing failure: osls prints ServerlessError as a plain message, without a stack.
      if (error?.name === 'OpsError') throw new this.serverless.classes.Error(error.message);
      throw error;
    }
  }

  async importEb() {
    const { tsImport } = await import('tsx/esm/api');
    const root = path.join(__dirname, '..');
    const { runImportEb } = await tsImport(path.join(root, 'src', 'service', 'import-eb', 'run-import-eb.ts'), __filename);
    const { tasks } = await tsImport(path.join(root, 'src', 'tasks', 'index.ts'), __filename);
    const serviceDir = this.serverless.serviceDir ?? process.cwd();
    try {
      const report = runImportEb({
        appDir: path.resolve(process.cwd(), this.options.app),
        servicePath: path.join(serviceDir, 'serverless.yml'),
        write: this.options.write === true,
        knownTasks: Object.keys(tasks),
      });
      process.stdout.write(`${report}\n`);
    } catch (error) {
      if (error?.name === 'ImportEbError') throw new this.serverless.classes.Error(`import:eb: ${error.message}`);
      throw error;
    }
  }

  async logs() {
    if (this.options.endpoint !== undefined) {
      this.serverless.cli.log(
        'The local tier prints every function\'s logs in the `npm start` terminal (JSON lines, as in CloudWatch).',
      );
      return;
    }
    this.options.function = this.options.function ?? 'worker';
    await this.serverless.pluginManager.spawn('logs');
  }
}

module.exports = WorkerOps;
