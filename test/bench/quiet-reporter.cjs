// Prints nothing when the bench passes (it writes its own output); the failure and its stack when it does not.
class QuietReporter {
  onTestResult(_test, result) {
    if (result.testExecError) process.stderr.write(`${result.testExecError.stack || result.testExecError.message}\n`);
    if (result.failureMessage) process.stderr.write(`${result.failureMessage}\n`);
  }

  onRunComplete(_contexts, results) {
    if (results.numFailedTests || results.numRuntimeErrorTestSuites) process.stderr.write('bench failed\n');
  }
}
module.exports = QuietReporter;
