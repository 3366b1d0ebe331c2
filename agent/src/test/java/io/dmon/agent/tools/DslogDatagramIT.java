package io.dmon.agent.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.agent.process.Posix;
import io.dmon.agent.process.UnixDatagram;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dslog as a real process sending RFC 3164 datagrams to a socket this test binds in place of /dev/log. */
class DslogDatagramIT {
    @TempDir
    Path dir;

    @Test
    void eachLineIsOneDatagramWithPriorityAndTag() throws Exception {
        String socketPath = dir.resolve("log.sock").toString();
        try (UnixDatagram syslog = UnixDatagram.bind(Posix.load(), socketPath)) {
            ToolProcess p = ToolProcess.start(dir, Map.of("DSLOG_SOCKET", socketPath), DslogCommand.class,
                    "-f", "local3", "-p", "err", "backup");
            p.write("first line\nsecond line\n");
            p.closeInput();
            List<String> got = new ArrayList<>();
            byte[] buf = new byte[4096];
            while (got.size() < 2) {
                int n = syslog.receive(buf, 20_000);
                assertThat(n).as("a datagram within 20 s").isPositive();
                got.add(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
            assertThat(p.exitStatus()).isZero();
            // local3 = 19, err = 3: <19*8+3> = <155>; then glibc's "Mmm dd HH:MM:SS " and the tag.
            assertThat(got.get(0)).matches("<155>[A-Z][a-z]{2} [ 0-9]\\d \\d\\d:\\d\\d:\\d\\d backup: first line");
            assertThat(got.get(1)).endsWith("backup: second line");
        }
    }
}
