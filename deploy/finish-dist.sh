#!/bin/sh
# Finishes the distribution in $1 after Maven copied jars, the native library and launchers:
# restores the launchers' executable bit and makes the class-data-sharing archives of the
# programs whose start-up matters (dmon, and the log tools it may start), by running each once.
set -eu
dist=$1
chmod +x "$dist"/bin/*
chmod -x "$dist"/bin/launcher.sh
rm -f "$dist"/lib/*.jsa
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
DMON_CDS_DUMP=1 "$dist/bin/dmon" -n -1 -I "$tmp/status" sh -c 'echo warm' -- dlog "$tmp/dlog.out" >/dev/null 2>&1 || true
printf 'a\nb\n' | DMON_CDS_DUMP=1 "$dist/bin/dlog" -t "$tmp/dlog2.out" >/dev/null 2>&1 || true
printf 'a\nb\n' | DMON_CDS_DUMP=1 "$dist/bin/drlog" "$tmp/rl" >/dev/null 2>&1 || true
# denv must fail to exec here: the archive is written when the JVM exits, and a successful
# exec replaces the JVM before that. The failing run loads the same classes up to execve.
DMON_CDS_DUMP=1 "$dist/bin/denv" -I -E DMON_CDS=1 "$tmp/no-such-command" >/dev/null 2>&1 || true
