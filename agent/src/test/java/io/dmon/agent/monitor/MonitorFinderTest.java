package io.dmon.agent.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmon.agent.process.ExitStatus;
import io.dmon.agent.process.ProcStat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A monitor is known by pid and start time: a reused pid is never taken for it. */
class MonitorFinderTest {
    @TempDir
    Path dir;

    private final int self = (int) ProcessHandle.current().pid();
    private final long selfStart = ProcStat.read(self).orElseThrow().startTime();

    @Test
    void aLiveProcessWithTheRecordedStartTimeIsTheMonitor() throws Exception {
        Files.writeString(dir.resolve("monitor"), "dmon-monitor 1 " + self + " " + selfStart + "\n");
        assertThat(MonitorFinder.find(dir)).isEqualTo(new MonitorFinder.Running(new MonitorRecord(1, self, selfStart)));
    }

    @Test
    void aReusedPidIsNotTheMonitorAndItsJobIsLost() throws Exception {
        Files.writeString(dir.resolve("monitor"), "dmon-monitor 1 " + self + " " + (selfStart - 1) + "\n");
        assertThat(MonitorFinder.find(dir)).isEqualTo(new MonitorFinder.Lost(new MonitorRecord(1, self, selfStart - 1)));
    }

    @Test
    void anExitFileMeansTheMonitorEndedInOrder() throws Exception {
        Files.writeString(dir.resolve("monitor"), "dmon-monitor 1 " + self + " " + (selfStart - 1) + "\n");
        Files.writeString(dir.resolve("exit"), "output 3 90 0 0\nrun 4 77 100 0 5000\nexit 4 256 6000\neof 4 3\n");
        MonitorFinder.Found found = MonitorFinder.find(dir);
        assertThat(found).isInstanceOf(MonitorFinder.Ended.class);
        MonitorState last = ((MonitorFinder.Ended) found).last();
        assertThat(last.run()).isEqualTo(new MonitorState.Run(4, 77, 100, 0, 5000, ExitStatus.exited(1), 6000, 3));
    }

    @Test
    void anEmptyDirectoryHadNoMonitor() throws Exception {
        assertThat(MonitorFinder.find(dir)).isEqualTo(new MonitorFinder.Absent());
    }

    @Test
    void aDamagedRecordOrExitFileIsAnErrorNamingTheFile() throws Exception {
        Files.writeString(dir.resolve("monitor"), "dmon-monitor 1 12x 5\n");
        assertThatThrownBy(() -> MonitorFinder.find(dir)).isInstanceOf(IOException.class)
                .hasMessage(dir.resolve("monitor") + ": bad number in the monitor record");
        Files.writeString(dir.resolve("monitor"), "something else entirely\n");
        assertThatThrownBy(() -> MonitorFinder.find(dir)).hasMessage(dir.resolve("monitor") + ": not a monitor record");
        Files.writeString(dir.resolve("monitor"), "dmon-monitor 1 " + self + " " + selfStart + "\n");
        Files.writeString(dir.resolve("exit"), "exit 1 x 2\n");
        assertThatThrownBy(() -> MonitorFinder.find(dir))
                .hasMessage(dir.resolve("exit") + ": monitor sent a bad number in 'exit 1 x 2'");
    }
}
