# Shared by every launcher in this folder: finds the jars relative to the launcher (an installed
# tree has lib/ beside bin/; a source tree has them in deploy/target/dmon/lib after
# `./mvnw -q -DskipTests package`), picks JVM flags for a small long-lived process, and execs
# java so that the launcher's $$ is the JVM's pid.
#
# The launcher sets PROG (program name), MAIN (main class) and JARS (jar names without .jar).
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

if [ -n "$JAVA_HOME" ]; then
    java=$JAVA_HOME/bin/java
else
    java=java
fi

# Small heap and one compiler thread: a supervisor idles for months and should cost little.
# Class data sharing: a per-program archive made at build time, when its class path matches.
flags="-Xss512k -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:-UsePerfData -XX:+UseSerialGC -Xshare:auto"
flags="$flags -XX:ReservedCodeCacheSize=16m -XX:MaxMetaspaceSize=96m ${HEAP_FLAGS:--Xms4m -Xmx64m}"
if [ -n "$DMON_CDS_DUMP" ]; then
    flags="$flags -XX:ArchiveClassesAtExit=$lib/$PROG.jsa"
elif [ -f "$lib/$PROG.jsa" ]; then
    flags="$flags -XX:SharedArchiveFile=$lib/$PROG.jsa -Xlog:cds=off -Xlog:cds+dynamic=off"
fi

# shellcheck disable=SC2086
exec "$java" $flags $JAVA_OPTS -cp "$cp" "$MAIN" "$@"
