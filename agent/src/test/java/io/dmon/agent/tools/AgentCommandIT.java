package io.dmon.agent.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** dmon-agent refuses bad options in one line with status 2, before it starts anything. */
class AgentCommandIT {
    @TempDir
    Path dir;

    static Stream<Arguments> badOptions() {
        return Stream.of(
                Arguments.of(List.of("--labels", "role"), "option --labels: bad label 'role' (KEY=VALUE)"),
                Arguments.of(List.of("--coordinator", "nowhere"), "option --coordinator: bad address 'nowhere'"),
                Arguments.of(List.of("--coordinator", "h:99999"), "bad address 'h:99999'"),
                Arguments.of(List.of("--state-dir", "/proc/no/such"), "option --state-dir: cannot create"),
                Arguments.of(List.of("--spool-max-bytes", "lots"), "--spool-max-bytes"),
                Arguments.of(List.of("--name", "a@b"), "bad host name 'a@b'"),
                Arguments.of(List.of("--frob"), "Unknown option: '--frob'"));
    }

    @ParameterizedTest
    @MethodSource
    void badOptions(List<String> args, String named) throws Exception {
        var r = ProgramRun.run(AgentCommand.class, args, dir, Map.of());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.stderr().strip()).startsWith("dmon-agent: ").contains(named);
        assertThat(r.stderr().strip().lines()).hasSize(1);
    }
}
