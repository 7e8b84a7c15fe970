// Reads Vitest's JSON report and prints the one plain closing line CI recognises:
// "N passed, N failed, N skipped". Exits non-zero when a test failed, none ran, the runner
// itself failed, or (with AIDGRID_REQUIRE_BROWSER=1) the browser tests were skipped.
import { existsSync, readFileSync } from 'node:fs';

const [reportPath = 'test-results/vitest.json', runnerStatus = '0'] = process.argv.slice(2);
if (!existsSync(reportPath)) {
  console.log('0 passed, 1 failed');
  console.error(`no test report at ${reportPath}: the test runner did not finish`);
  process.exit(1);
}
const report = JSON.parse(readFileSync(reportPath, 'utf8'));
let passed = 0;
let failed = 0;
let skipped = 0;
let browserRan = 0;
for (const file of report.testResults ?? []) {
  const browserFile = /web\.e2e\.test\.ts$/.test(file.name ?? '');
  // A file that failed to load has no assertions but counts as a failure.
  if ((file.assertionResults ?? []).length === 0 && file.status === 'failed') failed += 1;
  for (const test of file.assertionResults ?? []) {
    if (test.status === 'passed') {
      passed += 1;
      if (browserFile) browserRan += 1;
    } else if (test.status === 'failed') failed += 1;
    else skipped += 1;
  }
}
const problems = [];
if (Number(runnerStatus) !== 0 && failed === 0) {
  failed += 1;
  problems.push(`the test runner exited with status ${runnerStatus}`);
}
if (passed + failed === 0) problems.push('no test ran');
if (process.env.AIDGRID_REQUIRE_BROWSER === '1' && browserRan === 0) {
  problems.push('the browser tests did not run (is /usr/bin/chromium installed?)');
}
for (const problem of problems) console.error(`CI: ${problem}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || problems.length > 0 ? 1 : 0);
