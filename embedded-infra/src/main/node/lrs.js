'use strict';
// Starts Learning Locker's statement service (xapi-statements) in memory, bound to 127.0.0.1 only.
// Environment: EXPRESS_PORT (required); the repos are forced to the in-memory test setup.
// Prints "LRS listening on <port>" on stdout once it accepts connections.
const http = require('http');

process.env.AUTH_REPO = 'test';
process.env.EVENTS_REPO = 'test';
process.env.MODELS_REPO = 'memory';
process.env.STORAGE_REPO = 'local';
process.env.WINSTON_CONSOLE_LEVEL = process.env.WINSTON_CONSOLE_LEVEL || 'warning';

const listen = http.Server.prototype.listen;
http.Server.prototype.listen = function (port, ...rest) {
  const callback = rest.find((arg) => typeof arg === 'function');
  return listen.call(this, port, '127.0.0.1', () => {
    process.stdout.write('LRS listening on ' + this.address().port + '\n');
    if (callback) {
      callback();
    }
  });
};

// The parent closes our stdin when it stops us, or dies: either way, leave.
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
process.stdin.resume();

require('xapi-statements/dist/server');
