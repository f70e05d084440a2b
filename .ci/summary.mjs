// Prints the plain closing line CI reads: "N passed, N failed" (and skipped when there are any).
import { readFileSync } from 'node:fs';
const file = process.argv[2];
let report;
try { report = JSON.parse(readFileSync(file, 'utf8')); } catch (err) {
  console.log('0 passed, 1 failed');
  console.error(`no test report at ${file}: ${err.message}`);
  process.exit(1);
}
const passed = report.numPassedTests ?? 0;
// A test file that failed as a whole (an import error, a failing beforeAll/afterAll) has no failed
// test inside it: vitest's JSON report has no count for those, so each such file counts as one.
const brokenFiles = (report.testResults ?? []).filter((f) => f.status === 'failed'
  && !(f.assertionResults ?? []).some((a) => a.status === 'failed'));
for (const f of brokenFiles) console.error(`test file failed outside its tests: ${f.name}: ${(f.message ?? '').split('\n')[0]}`);
const failed = (report.numFailedTests ?? 0) + brokenFiles.length;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 || report.success === false ? 1 : 0);
