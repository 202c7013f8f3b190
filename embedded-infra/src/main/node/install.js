'use strict';
// Runs `npm ci` in a folder unless its node_modules already holds exactly what package-lock.json
// pins (a hash of the lock file is kept in node_modules after a successful install). The folder is
// the first argument, else this one (the local LRS, io.learnpulse.infra.lrs.LocalLrs). Called by
// Maven in embedded-infra (this folder) and xapi-emitter (its test peer), so `./mvnw verify`
// installs them once, not on every build.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { execSync } = require('child_process');

const here = path.resolve(process.argv[2] || __dirname);
const name = require(path.join(here, 'package.json')).name;
const lock = fs.readFileSync(path.join(here, 'package-lock.json'));
const hash = crypto.createHash('sha256').update(lock).digest('hex');
const marker = path.join(here, 'node_modules', '.learnpulse-lock-sha256');

if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === hash) {
  console.log(name + ' up to date (' + hash.substring(0, 12) + ')');
} else {
  console.log('npm ci for ' + name);
  execSync('npm ci --no-audit --no-fund --prefer-offline', { cwd: here, stdio: 'inherit' });
  fs.writeFileSync(marker, hash);
}
