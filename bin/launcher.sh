# Shared by every launcher in this folder: finds the jars relative to the launcher (an installed
# tree has lib/ beside bin/; a source tree has them in deploy/target/dmon/lib after
# `./mvnw -q -DskipTests package`), picks JVM flags for a small long-lived process, and execs
# java so that the launcher's $$ is the JVM's pid.
#
# The launcher sets PROG (program name), MAIN (main class), and either JARS (jar names without
# .jar) or MODULES (reactor modules whose jar and runtime class path, written at build time into
# lib/MODULE.classpath, make the class path). PROFILE picks the JVM flags: small (default; a
# supervisor that idles for months), agent, server, cli.
# JAVA_HOME picks the JVM; JAVA_OPTS adds flags after ours (so they win).

self=$(readlink -f -- "$0") || self=$0
root=${self%/*}
root=${root%/*}
if [ -f "$root/lib/dmon-agent.jar" ]; then
    lib=$root/lib
else
    lib=$root/deploy/target/dmon/lib
fi
if [ ! -f "$lib/dmon-agent.jar" ]; then
    echo "$PROG: cannot find the dmon jars in $lib (build them with ./mvnw -q -DskipTests package)" >&2
    exit 1
fi

cp=
for jar in $JARS; do
    cp=${cp:+$cp:}$lib/$jar.jar
done
for module in $MODULES; do
    cp=${cp:+$cp:}$lib/dmon-$module.jar
    if [ -f "$lib/$module.classpath" ]; then
        cp=$cp:$(sed "s#@LIB@#$lib#g" "$lib/$module.classpath")
    fi
done

if [ -n "$JAVA_HOME" ]; then
    java=$JAVA_HOME/bin/java
else
    java=java
fi

case "${PROFILE:-small}" in
    small)  # Small heap and one compiler thread: a supervisor idles for months and should cost little.
        flags="-Xss512k -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:-UsePerfData -XX:+UseSerialGC"
        flags="$flags -XX:ReservedCodeCacheSize=16m -XX:MaxMetaspaceSize=96m ${HEAP_FLAGS:--Xms4m -Xmx64m}"
        # Idle, a JVM wakes 4 times a second to deflate monitors and once a second for a cleanup
        # safepoint (21 ms of CPU a minute, measured); a supervisor with a handful of monitors
        # needs neither that often (3 ms a minute with these).
        flags="$flags -XX:+UnlockDiagnosticVMOptions -XX:GuaranteedSafepointInterval=0 -XX:AsyncDeflationInterval=30000" ;;
    agent)  # Many jobs and a gRPC stream: still small, but with the optimizing compiler for log traffic.
        # HotSpot prints its own fatal messages (ExitOnOutOfMemoryError's among them) on stdout unless told.
        flags="-XX:+UseSerialGC -XX:-UsePerfData -XX:+ExitOnOutOfMemoryError -XX:+DisplayVMOutputToStderr ${HEAP_FLAGS:--Xms16m -Xmx256m}" ;;
    server) # A Hazelcast member: G1, room for log ringbuffers, quiet about the JDK internals it opens.
        flags="-XX:+ExitOnOutOfMemoryError -XX:+DisplayVMOutputToStderr -XX:-UsePerfData ${HEAP_FLAGS:--Xms64m -Xmx1g}"
        flags="$flags --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED"
        flags="$flags --add-opens java.management/sun.management=ALL-UNNAMED"
        flags="$flags --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED"
        flags="$flags --add-exports java.base/jdk.internal.ref=ALL-UNNAMED" ;;
    cli)    # Starts, asks, prints, exits.
        flags="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xshare:auto ${HEAP_FLAGS:--Xmx128m}" ;;
esac

# Class data sharing: a static archive per program, holding just the classes it loads, made at
# build time (deploy/finish-dist.sh) through this same launcher so the class path matches. Mapped
# without relocation, its pages stay clean and are shared by every dmon on the host.
case "$DMON_CDS_DUMP" in
    classlist)
        exec "$java" $flags -Xshare:off -XX:DumpLoadedClassList="$lib/$PROG.classlist" -Ddmon.cds.dump=true \
            -cp "$cp" "$MAIN" "$@" ;;
    archive)
        exec "$java" $flags -Xshare:dump -XX:SharedClassListFile="$lib/$PROG.classlist" \
            -XX:SharedArchiveFile="$lib/$PROG.jsa" -cp "$cp" ;;
esac
if [ -f "$lib/$PROG.jsa" ]; then
    flags="$flags -XX:SharedArchiveFile=$lib/$PROG.jsa -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off"
    flags="$flags -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0"
fi

# DEFAULT_SIGNALS (the log tools set it): DMon's tools handle HUP, INT and TERM however they were
# started, but a JVM leaves a signal that was ignored at its start (nohup, a shell's &) ignored, so
# those are set back to their default first. exec'd by env, the pid stays the launcher's.
pre=
if [ -n "$DEFAULT_SIGNALS" ] && env --default-signal="$DEFAULT_SIGNALS" true 2>/dev/null; then
    pre="env --default-signal=$DEFAULT_SIGNALS"
fi

# shellcheck disable=SC2086
exec $pre "$java" $flags $JAVA_OPTS -cp "$cp" "$MAIN" "$@"
