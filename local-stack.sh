#!/usr/bin/env bash
# Runs the whole LearnPulse system on this machine: Kafka (KRaft), PostgreSQL, the schema registry
# and the four services; seeds the demo tenant and serves the demo LMS and player on :8087.
# Ctrl-C stops everything. Options: --data-dir DIR (default ./local-stack-data), --port-offset N,
# --simulate N (N simulated learners once the stack is up).
set -euo pipefail
cd "$(dirname "$0")"
# -P!images: the local stack runs the jars, not the container images (docs/operations.md, "Images")
./mvnw -q -B -ntp -DskipTests -P'!images' -pl local-stack -am package
exec java -jar local-stack/target/local-stack.jar --services local-stack/target/services "$@"
