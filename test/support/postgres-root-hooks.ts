/**
 * `npm run test:postgres`: the HTTP suites again, on PostgreSQL. Loaded before the specs, so the
 * app the suites start (test/support/http-app.ts) is built on a PostgreSQL database of its own.
 * Without a reachable server every test is skipped, saying so — unless PG_REQUIRED=1 (CI).
 */
import { postgresProblem } from './postgres';

process.env.TEST_ENGINE = 'postgres';

export const mochaHooks = {
  async beforeAll(this: Mocha.Context): Promise<void> {
    const problem = await postgresProblem();
    if (!problem) return;
    if (process.env.PG_REQUIRED === '1') throw new Error(`PG_REQUIRED=1 but ${problem}`);
    console.log(`(the HTTP suites on PostgreSQL are skipped: ${problem}; set PG_TEST_URL to run them)`);
    this.skip();
  },
};
