package io.dmon.agent.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dmon's launcher leaves gRPC and protobuf off its class path: dmon must never load them. */
class DmonLoadsNoGrpcIT {
    @TempDir
    Path dir;

    @Test
    void aDmonRunLoadsNoGrpcOrProtobufClass() throws Exception {
        Path classes = dir.resolve("classes.log");
        Process p = ProgramRun.builder(DmonMain.class, List.of("-n", "-1", "-I", "status", "sh", "-c", "echo hi"), dir,
                        Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + classes))
                .redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        String loaded = Files.readString(classes);
        assertThat(loaded).contains("io.dmon.agent.supervise.Supervisor");
        assertThat(loaded).doesNotContain("io.grpc.").doesNotContain("com.google.protobuf.")
                .doesNotContain("io.dmon.proto.v1.");
    }
}
