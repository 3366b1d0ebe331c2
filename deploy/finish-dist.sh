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
# Class-data archives, made by the same script the package's postinst runs where it is installed
# (an archive matches only the exact class path it was made with).
cp "$reactor/deploy/cds-archives.sh" "$dist/lib/cds-archives.sh"
sh "$dist/lib/cds-archives.sh" "$dist"

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
