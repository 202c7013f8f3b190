'use strict';
// Reads a JSON array of xAPI statements on stdin and writes, for each one, the list of problems
// xapi-validation finds ("path: warning name (data)"), as a JSON array of arrays on stdout.
const validate = require('xapi-validation').default;

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const statements = JSON.parse(input);
  const problems = statements.map((statement) =>
    validate(statement).map((warning) =>
      (warning.path || []).join('.') + ': ' + warning.name + ' (' + JSON.stringify(warning.data) + ')'));
  process.stdout.write(JSON.stringify(problems));
});
