'use strict';
// Runs `npm ci` here unless node_modules already holds exactly what package-lock.json pins
// (a hash of the lock file is kept in node_modules after a successful install). Called by Maven
// in generate-test-resources, so `./mvnw verify` installs the test peers once, not on every build.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { execSync } = require('child_process');

const here = __dirname;
const lock = fs.readFileSync(path.join(here, 'package-lock.json'));
const hash = crypto.createHash('sha256').update(lock).digest('hex');
const marker = path.join(here, 'node_modules', '.learnpulse-lock-sha256');

if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === hash) {
  console.log('local LRS (xapi-statements) up to date (' + hash.substring(0, 12) + ')');
} else {
  console.log('npm ci for the local LRS (xapi-statements)');
  execSync('npm ci --no-audit --no-fund --prefer-offline', { cwd: here, stdio: 'inherit' });
  fs.writeFileSync(marker, hash);
}
