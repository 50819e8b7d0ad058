// Adds this run's totals to the file named by FOREBYG_TEST_SUMMARY (one JSON line per jest run), so
// .ci/run can print one closing line for the whole suite: "N passed, N failed".
const fs = require('node:fs');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const file = process.env.FOREBYG_TEST_SUMMARY;
    if (!file) return;
    const line = { passed: results.numPassedTests, failed: results.numFailedTests + results.numRuntimeErrorTestSuites, skipped: results.numPendingTests };
    fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
  }
}
module.exports = SummaryReporter;
