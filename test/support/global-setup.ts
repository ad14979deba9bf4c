/**
 * Says once, at the end of a run, that the PostgreSQL half of the storage tests did not run,
 * and how to run it. In CI a missing TEST_DATABASE_URL already fails the storage tests.
 */
export default function setup(): () => void {
  return () => {
    if (process.env.TEST_DATABASE_URL || process.env.CI === 'true' || process.env.HEADROOM_TEST_TIER === 'unit') return;
    process.stdout.write(
      '\nThe storage tests ran on the embedded database (PGlite) only: the PostgreSQL half was skipped.\n' +
        'To run it, set TEST_DATABASE_URL to an empty PostgreSQL database, e.g.\n' +
        '  TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/headroom_test npm test\n' +
        'or run `bash .ci/run`, which starts PostgreSQL and makes a throwaway database.\n',
    );
  };
}
