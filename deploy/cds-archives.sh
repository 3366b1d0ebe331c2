#!/bin/sh
# Makes the class-data-sharing archive of each program whose start-up matters, in the
# distribution $1 (a build's deploy/target/dmon, or /usr/lib/dmon where the package installed
# it): one run of each through its own launcher records the classes it loads, a second dumps
# them. An archive matches only the exact class path it was made with, so it is made where the
# programs live. A program without an archive starts all the same, only slower.
set -eu
dist=$1
rm -f "$dist"/lib/*.jsa "$dist"/lib/*.classlist
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

record() { # program, then its arguments; stdin from the caller
    DMON_CDS_DUMP=classlist "$dist/bin/$@" >/dev/null 2>&1 || true
}
record dmon -n -1 -I "$tmp/status" -t 60 -L 1000 sh -c 'echo warm' -- dlog -t "$tmp/dlog.out" </dev/null
printf 'a\nb\n' | record dlog -t -p x "$tmp/dlog2.out"
printf 'a\nb\n' | record drlog -t "$tmp/rl"
printf 'a\nb\n' | record dslog -c x
# denv must fail to exec here: a successful exec replaces the JVM before it exits and writes
# its class list. The failing run loads the same classes up to execve.
record denv -I -E DMON_CDS=1 "$tmp/no-such-command" </dev/null
# dmonctl against a port where nothing listens: loads picocli, gRPC and Netty, then fails fast.
record dmonctl --timeout 2s --coordinator 127.0.0.1:9 ps </dev/null
for program in dmon dlog drlog dslog denv dmonctl; do
    if [ -s "$dist/lib/$program.classlist" ]; then
        DMON_CDS_DUMP=archive "$dist/bin/$program" >"$tmp/$program.dump.log" 2>&1 \
            || { echo "cds-archives: no class-data archive for $program:"; tail -3 "$tmp/$program.dump.log"; }
    fi
done
rm -f "$dist"/lib/*.classlist
