#!/bin/sh
# Finishes the distribution in $1 after Maven copied jars, the native library and launchers:
# restores the launchers' executable bit and makes the class-data-sharing archive of each program
# whose start-up matters: one run records the classes it loads, a second dumps them.
set -eu
dist=$1
reactor=$2
cp "$reactor/deploy/target/dmon-deploy.jar" "$dist/lib/dmon-deploy.jar"
for module in agent coordinator cli deploy; do
    if [ -f "$reactor/$module/target/runtime.classpath" ]; then
        cp "$reactor/$module/target/runtime.classpath" "$dist/lib/$module.classpath"
    fi
done
chmod +x "$dist"/bin/*
chmod -x "$dist"/bin/launcher.sh
# The per-job monitor came out of the agent jar, which keeps no modes. Monitors outlive agents, so
# one may be running from lib/dmon-monitor now: the new binary replaces it by rename (the running
# ones keep the old file), where writing over it would fail with "Text file busy".
cp "$reactor/deploy/target/monitor/dmon-monitor" "$dist/lib/.dmon-monitor.new"
chmod 755 "$dist/lib/.dmon-monitor.new"
mv -f "$dist/lib/.dmon-monitor.new" "$dist/lib/dmon-monitor"
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
            || { echo "finish-dist: no class-data archive for $program:"; tail -3 "$tmp/$program.dump.log"; }
    fi
done
rm -f "$dist"/lib/*.classlist

# The package's /usr/share: man pages (troff from Asciidoctor, gzipped as Debian has them) and the
# completion scripts, all generated earlier in the build under $3.
kit=${3:-}
if [ -n "$kit" ] && [ -d "$kit/man" ]; then
    rm -rf "$kit/share"
    mkdir -p "$kit/share/bash-completion/completions" "$kit/share/zsh/vendor-completions"
    for page in "$kit"/man/*.[18]; do
        section=${page##*.}
        mkdir -p "$kit/share/man/man$section"
        gzip -9n -c "$page" > "$kit/share/man/man$section/${page##*/}.gz"
    done
    cp "$kit"/completion/bash/* "$kit/share/bash-completion/completions/"
    cp "$kit"/completion/zsh/* "$kit/share/zsh/vendor-completions/"
fi
