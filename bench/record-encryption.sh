#!/usr/bin/env bash
# Prints the cost of encrypting request and reply record values (AES-256-GCM) in ns per operation at
# 1 KB and 16 KB, and per QueryRequest through its topic's serde against plain Avro (one thread).
# Usage: bench/record-encryption.sh [iterations per round, default 20000]
set -euo pipefail
cd "$(dirname "$0")/.."
iterations=${1:-20000}
echo "load average: $(cut -d" " -f1-3 /proc/loadavg) on $(nproc) cores"
mvn -B -q -pl gateway-common -am test -Dtest=RecordEncryptionBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.iterations="$iterations" 2>&1 | grep -E "=== record encryption|B: encrypt|checksum|ERROR|FAIL" || true
