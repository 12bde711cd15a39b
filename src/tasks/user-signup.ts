import { ValidationError } from '../core/errors.js';
import { defineTask } from '../core/registry.js';
import { validate } from '../core/validate.js';

type UserSignup = { userId: string; email: string };

// Deliberately simple: one @, no spaces, a dot in the domain. Deliverability is the mail provider's call.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

function parse(payload: unknown): UserSignup {
  const body = validate.object(payload);
  const userId = validate.string(body, 'userId');
  const email = validate.string(body, 'email');
  // Says what is wrong, never the address itself: the message goes to logs, DLQ attributes and replies.
  if (email.length > 254)
    throw new ValidationError('email', 'not a valid address (longer than 254 characters)');
  if (!EMAIL.test(email)) throw new ValidationError('email', 'not a valid address');
  return { userId, email };
}

/** Welcomes a new user. The send itself is out of scope; the task validates and records the intent. */
const userSignupTask = defineTask({
  name: 'user_signup',
  parse,
  // Logs the identifier, never the address (docs/design.md, "Personal data").
  run: async ({ userId }, { log }) => {
    log.info('welcome email queued', { userId });
  },
});

export { userSignupTask };
