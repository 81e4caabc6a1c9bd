#!/usr/bin/env bash
# 100,000 idle authenticated connections: raises the open-file limit (the server and the load
# generator each hold one descriptor a socket) and spreads client sockets over 127.0.0.1-8 so that
# no source address needs more than its ~28,000 ephemeral ports. Needs a privileged shell for the
# hard limit (root here); the server JVM inherits the limit from this shell.
set -euo pipefail
cd "$(dirname "$0")/.."
ulimit -n 250000 || { echo "cannot raise the open-file limit to 250000 (ulimit -Hn is $(ulimit -Hn))" >&2; exit 1; }
jar=realtime-bench/target/realtime-bench.jar
[ -f "$jar" ] || mvn -B -q -pl realtime-bench -am package -DskipTests
exec java -Xmx4g -jar "$jar" --scenarios=memory --idle=100000 --sources=8 --server-heap=4g "$@"
