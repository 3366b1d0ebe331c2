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
flags="-Xss512k -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:-UsePerfData -XX:+UseSerialGC"
flags="$flags -XX:ReservedCodeCacheSize=16m -XX:MaxMetaspaceSize=96m ${HEAP_FLAGS:--Xms4m -Xmx64m}"

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

# shellcheck disable=SC2086
exec "$java" $flags $JAVA_OPTS -cp "$cp" "$MAIN" "$@"
