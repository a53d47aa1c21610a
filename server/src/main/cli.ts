#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { Role, EmailAddress } from '@mailbridge/contract';
import { ConfigError, loadConfig } from '../config/config.js';
import { DatabaseInUseError } from './sqlite-instance-lock.js';
import { MailbridgeError } from '../core/errors.js';
import { createUser } from '../core/users/create-user.js';
import { createApiKey } from '../core/users/create-api-key.js';
import { compose } from './compose.js';
import { serve } from './serve.js';
import { pino } from 'pino';
import { createLogger } from '../platform/logger.js';

const USAGE = `Usage:
  mailbridge serve                                   run the server
  mailbridge users create --email E [--name N] [--role admin|user]
  mailbridge users list
  mailbridge keys create --user <id or email>        prints a new API key (shown once)`;

async function admin(args: string[]): Promise<void> {
  const [noun, verb, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, user: { type: 'string' } } });
  // Logs go to stderr: stdout carries the command's answer (a key, JSON) for scripts.
  const mb = await compose(loadConfig(), { logger: createLogger('warn', pino.destination(2)), sandbox: false, worker: false });
  try {
    if (noun === 'users' && verb === 'create') {
      const user = await createUser(mb.deps, { email: EmailAddress.parse(values.email), name: values.name, role: Role.parse(values.role ?? 'user') });
      console.log(JSON.stringify({ id: user.id, email: user.email, role: user.role }));
    } else if (noun === 'users' && verb === 'list') {
      for (const u of await mb.store.users.list()) console.log(`${u.id}\t${u.role}\t${u.email}`);
    } else if (noun === 'keys' && verb === 'create' && values.user) {
      const user = (await mb.store.users.get(values.user)) ?? (await mb.store.users.findByEmail(values.user));
      if (!user) throw new Error(`No user ${values.user}`);
      console.log((await createApiKey(mb.deps, user.id)).key);
    } else {
      console.error(USAGE);
      process.exitCode = 2;
    }
  } finally {
    await mb.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const [command = 'serve', ...rest] = argv;
  if (command === 'serve') return serve(loadConfig());
  if (command === 'help' || command === '--help') return void console.log(USAGE);
  return admin([command, ...rest]);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  // One clear line for configuration and input problems; a stack only for the unexpected.
  if (e instanceof ConfigError || e instanceof MailbridgeError || e instanceof DatabaseInUseError) console.error(e.message);
  else if (e instanceof Error && e.name === 'ZodError') console.error(`Invalid argument: ${e.message}`);
  else console.error(e);
  process.exit(1);
});
