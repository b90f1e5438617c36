/** Prints a scrypt hash for an agent's `passwordHash`: node server/cli/hash-password.ts 'the password' */
import { hashPassword } from '../auth/password.ts';

const password = process.argv[2];
if (!password) {
  process.stderr.write('usage: npm run hash-password -- "<password>"\n');
  process.exit(2);
}
process.stdout.write((await hashPassword(password)) + '\n');
