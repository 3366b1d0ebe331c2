package io.dmon.agent.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmon.agent.process.ExitStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class MonitorProtocolTest {

    @Test
    void parsesEveryEvent() throws Exception {
        assertThat(MonitorProtocol.parse("hello 1 42 9001")).isEqualTo(new MonitorEvent.Hello(1, 42, 9001));
        assertThat(MonitorProtocol.parse("output 10 400 2 1")).isEqualTo(new MonitorEvent.Output(10, 400, 2, 1));
        assertThat(MonitorProtocol.parse("run 3 77 9100 2 1700000000000"))
                .isEqualTo(new MonitorEvent.Started(3, 77, 9100, 2, 1700000000000L));
        assertThat(MonitorProtocol.parse("exit 3 512 1700000000001"))
                .isEqualTo(new MonitorEvent.Exited(3, ExitStatus.exited(2), 1700000000001L));
        assertThat(MonitorProtocol.parse("eof 3 10")).isEqualTo(new MonitorEvent.Drained(3, 10));
        assertThat(MonitorProtocol.parse("ok start")).isEqualTo(new MonitorEvent.Reply("start", true, ""));
        assertThat(MonitorProtocol.parse("refused quit running")).isEqualTo(new MonitorEvent.Reply("quit", false, "running"));
        assertThat(MonitorProtocol.parse("refused signal errno-1")).isEqualTo(new MonitorEvent.Reply("signal", false, "errno-1"));
        assertThat(MonitorProtocol.parse("pong")).isEqualTo(new MonitorEvent.Reply("ping", true, ""));
        assertThat(MonitorProtocol.parse("bye")).isEqualTo(new MonitorEvent.Reply("detach", true, ""));
        assertThat(MonitorProtocol.parse("error bad number")).isEqualTo(new MonitorEvent.ProtocolError("bad number"));
        assertThat(MonitorProtocol.parse("weather sunny")).isEqualTo(new MonitorEvent.Unknown("weather sunny"));
    }

    @Test
    void refusesMalformedLinesOfKnownEvents() {
        for (String bad : List.of("hello 1 42", "hello 1 42 9001 x", "run 1 -2 3 0 4", "run 1 2 3 0 +4", "exit 1 x 3",
                "output 1 2 3 99999999999999999999", "eof 3", "ok", "ok START", "refused quit", "pong now",
                "run 1 2147483648 3 0 4", "exit 1 2 3\u0000")) {
            assertThatThrownBy(() -> MonitorProtocol.parse(bad)).as(bad).isInstanceOf(MonitorException.class)
                    .hasMessageStartingWith("monitor sent");
        }
        assertThatThrownBy(() -> MonitorProtocol.parse("x".repeat(300))).hasMessage("monitor sent a line of 300 bytes");
    }

    @Test
    void messagesShowNoControlCharacters() {
        assertThatThrownBy(() -> MonitorProtocol.parse("eof 1 \u001b[2J")).hasMessage("monitor sent a bad number in 'eof 1 ?[2J'");
    }

    @Test
    void commandsAreCheckedBeforeTheyAreSent() {
        assertThat(MonitorProtocol.start(1)).isEqualTo("start 1");
        assertThat(MonitorProtocol.signal(15)).isEqualTo("signal 15");
        assertThat(MonitorProtocol.group(9)).isEqualTo("group 9");
        assertThat(MonitorProtocol.stop(10_000)).isEqualTo("stop 10000");
        assertThat(MonitorProtocol.consumed(0)).isEqualTo("consumed 0");
        assertThatThrownBy(() -> MonitorProtocol.start(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MonitorProtocol.signal(65)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MonitorProtocol.stop(3_600_001)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MonitorProtocol.consumed(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theStateFoldsEventsOfTheCurrentRunOnly() throws Exception {
        MonitorState s = MonitorState.parse(List.of("output 5 100 0 0", "run 2 40 900 0 1000", "exit 1 0 1001",
                "eof 2 7", "exit 2 9 1002", ""));
        assertThat(s.lastSeq()).isEqualTo(7);
        assertThat(s.run()).isEqualTo(new MonitorState.Run(2, 40, 900, 0, 1000, ExitStatus.killed(9), 1002, 7));
        assertThat(s.running()).isFalse();
        assertThat(MonitorState.EMPTY.running()).isFalse();
    }
}
