package io.dmon.agent.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.agent.host.RunAsPolicy;
import io.dmon.agent.process.Posix;
import io.dmon.agent.process.ProcStat;
import io.dmon.proto.v1.AgentMessage.BodyCase;
import io.dmon.proto.v1.AgentMessage;
import io.dmon.proto.v1.Assignment;
import io.dmon.proto.v1.CoordinatorMessage;
import io.dmon.proto.v1.DesiredState;
import io.dmon.proto.v1.Hold;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobChange;
import io.dmon.proto.v1.JobEvent;
import io.dmon.proto.v1.JobState;
import io.dmon.proto.v1.JobStatus;
import io.dmon.proto.v1.LogAck;
import io.dmon.proto.v1.LogCursor;
import io.dmon.proto.v1.LogLine;
import io.dmon.proto.v1.Pause;
import io.dmon.proto.v1.Register;
import io.dmon.proto.v1.SignalJob;
import io.dmon.spec.JobSpec;
import io.dmon.wire.HostPort;
import io.dmon.wire.JobSpecMapper;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's link against a scripted coordinator (in-process gRPC), with real jobs. */
class AgentLinkTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private FakeCoordinator coordinator(String name, Job... jobs) throws IOException {
        FakeCoordinator c = new FakeCoordinator(name).start();
        c.assignment = List.of(jobs);
        closing.add(c);
        return c;
    }

    private AgentNode agent(String coordinators) throws IOException {
        return agent(coordinators, Duration.ofSeconds(30));
    }

    private AgentNode agent(String coordinators, Duration preferredRetry) throws IOException {
        Files.writeString(dir.resolve("loadavg"), "1.50 0.75 0.25 2/100 42\n");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("DMON_LOADAVG_FILE", dir.resolve("loadavg").toString());
        Files.createDirectories(dir.resolve("pressure"));
        Files.writeString(dir.resolve("pressure/io"), "some avg10=40.50 avg60=20.25 avg300=1.00 total=9\n"
                + "full avg10=3.00 avg60=2.00 avg300=1.00 total=4\n");
        Files.writeString(dir.resolve("pressure/cpu"), "some avg10=7.00 avg60=6.00 avg300=5.00 total=9\n");
        env.put("DMON_PRESSURE_DIR", dir.resolve("pressure").toString());
        env.put("OUT", dir.toString());
        AgentNode node = AgentNode.start(AgentConfig.builder().name("h1").labels(Map.of("zone", "a"))
                .stateDir(dir.resolve("state")).coordinators(HostPort.parseDialableList(coordinators)).env(env)
                .stopGrace(Duration.ofSeconds(2)).diagnostics(messages::add).preferredRetry(preferredRetry)
                .runAs(RunAsPolicy.of(Posix.load().geteuid(), true, Optional.empty()))
                .channels((address, credentials) -> InProcessChannelBuilder.forName(address.toString()).build())
                .build(), Posix.load());
        closing.add(node);
        return node;
    }

    private static Job job(String name, JobSpec spec) {
        return Job.newBuilder().setId(name + "@h1").setName(name).setHost("h1").setSpec(JobSpecMapper.toProto(spec))
                .setDesired(DesiredState.DESIRED_RUNNING).setGeneration(1).build();
    }

    private static Job sleeper(String name) {
        return job(name, JobSpec.builder().command("sh", "-c", "echo $$ >> \"$OUT/" + name + ".pids\"; exec sleep 60").build());
    }

    private List<Integer> pids(String name) throws IOException {
        Path f = dir.resolve(name + ".pids");
        return Files.exists(f) ? Files.readAllLines(f).stream().map(Integer::parseInt).toList() : List.of();
    }

    private static boolean alive(int pid) {
        return ProcStat.read(pid).filter(p -> p.state() != 'Z').isPresent();
    }

    private static Optional<JobStatus> latestStatus(FakeCoordinator.Session s, String jobId) {
        Optional<JobStatus> found = Optional.empty();
        for (AgentMessage m : s.received) {
            List<JobStatus> list = m.hasStatuses() ? m.getStatuses().getStatusesList()
                    : m.hasRegister() ? m.getRegister().getStatusesList() : List.of();
            for (JobStatus st : list) {
                if (st.getId().equals(jobId)) {
                    found = Optional.of(st);
                }
            }
        }
        return found;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private interface IoCondition {
        boolean test() throws IOException;
    }

    private static BooleanSupplier io(IoCondition c) {
        return () -> {
            try {
                return c.test();
            } catch (IOException e) {
                return false;
            }
        };
    }

    @Test
    void registersReportsAndFollowsTheCoordinator() throws Exception {
        Job web = sleeper("web");
        FakeCoordinator c = coordinator("a:1", web);
        agent("a:1");
        await("a session", () -> !c.sessions.isEmpty() && !c.last().of(BodyCase.REGISTER).isEmpty());
        Register first = c.last().of(BodyCase.REGISTER).get(0).getRegister();
        assertThat(first.getName()).isEqualTo("h1");
        assertThat(first.getLabelsMap()).containsEntry("zone", "a");
        assertThat(first.getVersion()).isNotEmpty();
        assertThat(first.getJobsList()).isEmpty();
        assertThat(c.last().received.get(0).hasRegister()).as("Register comes first").isTrue();

        await("the assigned job runs", io(() -> pids("web").size() == 1));
        int pid = pids("web").get(0);
        await("a RUNNING status with its pid", () -> latestStatus(c.last(), "web@h1")
                .filter(s -> s.getState() == JobState.RUNNING && s.getPid() == pid).isPresent());
        JobStatus running = latestStatus(c.last(), "web@h1").orElseThrow();
        assertThat(running.getHost()).isEqualTo("h1");
        assertThat(running.getGeneration()).isEqualTo(1);
        assertThat(running.getRun()).isEqualTo(1);
        assertThat(running.getStartTimeTicks()).isEqualTo(ProcStat.read(pid).orElseThrow().startTime());
        await("a START event", () -> c.last().of(BodyCase.EVENTS).stream().flatMap(m -> m.getEvents().getEventsList().stream())
                .anyMatch(e -> e.getKind() == JobEvent.Kind.START && e.getPid() == pid && e.getJobId().equals("web@h1")));
        await("a heartbeat", () -> !c.last().of(BodyCase.HEARTBEAT).isEmpty());
        var beat = c.last().of(BodyCase.HEARTBEAT).get(0).getHeartbeat();
        assertThat(new double[] {beat.getLoad1(), beat.getLoad5(), beat.getLoad15()}).containsExactly(1.5, 0.75, 0.25);
        assertThat(beat.getPressure().getIo().getSome().getAvg10()).isEqualTo(40.5);
        assertThat(beat.getPressure().getIo().getSome().getAvg60()).isEqualTo(20.25);
        assertThat(beat.getPressure().getIo().getFull().getAvg300()).isEqualTo(1.0);
        assertThat(beat.getPressure().getCpu().getSome().getAvg10()).isEqualTo(7.0);
        assertThat(beat.getPressure().getCpu().hasFull()).as("an older kernel's cpu file").isFalse();
        assertThat(beat.getPressure().hasMemory()).as("no file, no resource").isFalse();
        Files.delete(dir.resolve("pressure/io"));
        Files.delete(dir.resolve("pressure/cpu"));
        int beats = c.last().of(BodyCase.HEARTBEAT).size();
        await("a heartbeat without pressure", () -> c.last().of(BodyCase.HEARTBEAT).stream().skip(beats)
                .anyMatch(m -> !m.getHeartbeat().hasPressure()));

        c.last().drop();
        await("a second session", () -> c.sessions.size() == 2 && !c.last().of(BodyCase.REGISTER).isEmpty());
        Register again = c.last().of(BodyCase.REGISTER).get(0).getRegister();
        assertThat(again.getJobsList()).containsExactly(web);
        assertThat(again.getStatusesList()).singleElement().satisfies(s -> {
            assertThat(s.getState()).isEqualTo(JobState.RUNNING);
            assertThat(s.getPid()).isEqualTo(pid);
        });
        assertThat(pids("web")).as("the job kept running through the reconnect").containsExactly(pid);

        c.last().send(CoordinatorMessage.newBuilder().setSignal(SignalJob.newBuilder().setJobId("web@h1").setSignal(15)).build());
        await("TERM'd by the operator and respawned", io(() -> pids("web").size() == 2));
        int second = pids("web").get(1);
        c.last().send(CoordinatorMessage.newBuilder().setChange(JobChange.newBuilder()
                .setJob(web.toBuilder().setDesired(DesiredState.DESIRED_STOPPED))).build());
        await("stopped", () -> !alive(second) && latestStatus(c.last(), "web@h1")
                .filter(s -> s.getState() == JobState.STOPPED).isPresent());
    }

    @Test
    void withItsPreferredCoordinatorDownItUsesTheOtherAndJobsOutliveALostCoordinator() throws Exception {
        // h1 prefers b:2 to a:1 (CoordinatorOrderTest pins the order).
        Job web = sleeper("web");
        FakeCoordinator a = coordinator("a:1", web);
        agent("a:1,b:2");
        await("a session with a", () -> !a.sessions.isEmpty() && !a.last().of(BodyCase.REGISTER).isEmpty());
        assertThat(messages).anyMatch(m -> m.startsWith("cannot reach coordinator b:2: UNAVAILABLE"));
        await("the job runs", io(() -> pids("web").size() == 1));
        int pid = pids("web").get(0);

        a.close();
        await("the loss noticed", () -> messages.stream().anyMatch(m -> m.startsWith("session with coordinator a:1 ended")));
        assertThat(alive(pid)).as("supervision goes on without a coordinator").isTrue();

        FakeCoordinator back = coordinator("a:1", web);
        await("back with a", () -> !back.sessions.isEmpty() && !back.last().of(BodyCase.REGISTER).isEmpty());
        assertThat(back.last().of(BodyCase.REGISTER).get(0).getRegister().getStatusesList())
                .singleElement().satisfies(s -> assertThat(s.getPid()).isEqualTo(pid));
        assertThat(pids("web")).containsExactly(pid);
        assertThat(alive(pid)).isTrue();
    }

    @Test
    void whenItsPreferredCoordinatorAppearsItMovesThereWithoutLosingALine() throws Exception {
        Job talk = job("talk", JobSpec.builder().command("sh", "-c",
                "i=1; while [ $i -le 3000 ]; do echo line$i; [ $((i % 100)) = 0 ] && sleep 0.1; i=$((i+1)); done; exec sleep 60")
                .build());
        FakeCoordinator a = coordinator("a:1", talk);
        // a acknowledges late, as a store that has not caught up would: the unacknowledged tail must reach b.
        a.acks = seq -> seq - 50;
        agent("a:1,b:2", Duration.ofMillis(200));
        await("lines flowing to a", () -> !a.sessions.isEmpty() && a.last().lines().size() >= 300);

        FakeCoordinator b = coordinator("b:2", talk);
        await("a session with b", () -> !b.sessions.isEmpty() && !b.last().of(BodyCase.REGISTER).isEmpty());
        assertThat(messages).contains("coordinator b:2 answers again: leaving a:1 for it");
        await("a's session ended by the agent", () -> a.last().ended);
        await("every line at b", () -> b.allLines().stream().anyMatch(l -> l.getSeq() == 3000));

        long ackedByA = a.allLines().stream().mapToLong(LogLine::getSeq).max().orElseThrow() - 50;
        List<LogLine> atB = b.allLines();
        assertThat(atB.get(0).getSeq()).as("b gets what a did not acknowledge").isLessThanOrEqualTo(ackedByA + 1);
        assertThat(atB).extracting(LogLine::getSeq)
                .containsExactlyElementsOf(LongStream.rangeClosed(atB.get(0).getSeq(), 3000).boxed().toList());
        assertThat(a.allLines()).extracting(LogLine::getSeq)
                .containsAll(LongStream.range(1, atB.get(0).getSeq()).boxed().toList());
        assertThat(atB).allSatisfy(l -> assertThat(l.getLine().toStringUtf8()).isEqualTo("line" + l.getSeq()));
        assertThat(b.sessions).as("it stays with its preferred coordinator").hasSize(1);
        int pid = latestStatus(a.last(), "talk@h1").orElseThrow().getPid();
        assertThat(pid).isPositive();
        assertThat(latestStatus(b.last(), "talk@h1")).as("a move leaves the jobs alone")
                .hasValueSatisfying(s -> assertThat(s.getPid()).isEqualTo(pid));
    }

    @Test
    void logLinesReplayFromTheFirstUnacknowledgedAndSeqsContinueAcrossAgentRestarts() throws Exception {
        Job talk = job("talk", JobSpec.builder().command("sh", "-c",
                "i=1; while [ $i -le 3000 ]; do echo line$i; i=$((i+1)); done; exec sleep 60").build());
        FakeCoordinator c = coordinator("a:1", talk);
        c.acks = seq -> -1;
        AgentNode node = agent("a:1");
        await("3000 lines sent", () -> !c.sessions.isEmpty() && c.last().lines().size() >= 3000);
        c.last().send(CoordinatorMessage.newBuilder().setAck(LogAck.newBuilder()
                .addCursors(LogCursor.newBuilder().setJobId("talk@h1").setSeq(1000))).build());
        Path cursor = dir.resolve("state/spool/talk@h1/cursor");
        await("the ack saved", io(() -> Files.readString(cursor).contains("acked=1000")));
        c.acks = seq -> seq;
        c.last().drop();
        await("replayed to the end", () -> c.sessions.size() == 2 && c.last().lines().size() >= 2000);
        List<LogLine> replay = c.sessions.get(1).lines();
        assertThat(replay.get(0).getSeq()).as("from the first unacknowledged line").isEqualTo(1001);
        assertThat(replay).extracting(LogLine::getSeq).containsExactlyElementsOf(LongStream.rangeClosed(1001, 3000).boxed().toList());
        assertThat(c.allLines()).extracting(LogLine::getSeq).containsAll(LongStream.rangeClosed(1, 3000).boxed().toList());
        assertThat(c.allLines()).allSatisfy(l -> {
            assertThat(l.getLine().toStringUtf8()).isEqualTo("line" + l.getSeq());
            assertThat(l.getRun()).isEqualTo(1);
            assertThat(l.getJobId()).isEqualTo("talk@h1");
        });
        // Acknowledged segments stay (the host's record, within --log-retain): the cursor says what is acknowledged.
        await("everything acknowledged", io(() -> {
            java.util.Properties p = new java.util.Properties();
            try (var in = Files.newInputStream(cursor)) {
                p.load(in);
            }
            return Long.parseLong(p.getProperty("acked", "0")) >= 3000;
        }));

        node.close();
        agent("a:1");
        await("the second agent's run sent", () -> c.allLines().stream().anyMatch(l -> l.getSeq() == 6000));
        assertThat(c.last().lines()).extracting(LogLine::getSeq)
                .containsExactlyElementsOf(LongStream.rangeClosed(3001, 6000).boxed().toList());
        assertThat(c.last().lines()).allSatisfy(l -> {
            assertThat(l.getRun()).as("the second run of the job on this host").isEqualTo(2);
            assertThat(l.getLine().toStringUtf8()).isEqualTo("line" + (l.getSeq() - 3000));
        });
    }

    private static boolean groupIs(int pgid, boolean stopped) {
        try (var entries = Files.list(Path.of("/proc"))) {
            List<ProcStat> group = entries.map(p -> p.getFileName().toString())
                    .filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(n -> ProcStat.read(Integer.parseInt(n))).flatMap(Optional::stream)
                    .filter(st -> st.pgrp() == pgid && st.state() != 'Z').toList();
            return group.size() >= 3 && group.stream().allMatch(st -> st.stopped() == stopped);
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aPauseInAJobChangeStopsTheGroupReportsItsHoldAndItsLeaseEndsOnTheAgentsClock() throws Exception {
        Job fam = job("fam", JobSpec.builder().command("sh", "-c",
                "echo $$ >> \"$OUT/fam.pids\"; sleep 600 & sleep 600; wait").build());
        FakeCoordinator c = coordinator("a:1", fam);
        agent("a:1");
        await("the job runs", io(() -> pids("fam").size() == 1));
        int pgid = pids("fam").get(0);
        await("its group runs", () -> groupIs(pgid, false));

        c.last().send(CoordinatorMessage.newBuilder().setChange(JobChange.newBuilder().setJob(fam.toBuilder()
                .setPause(Pause.newBuilder().setId("p1").setLeaseMs(1_500).setBy("alice@ops1")))).build());
        await("every process of the group stopped", () -> groupIs(pgid, true));
        await("a PAUSED status with its hold", () -> latestStatus(c.last(), "fam@h1")
                .filter(st -> st.getState() == JobState.PAUSED && st.getHoldsCount() == 1).isPresent());
        Hold hold = latestStatus(c.last(), "fam@h1").orElseThrow().getHolds(0);
        assertThat(hold.getReason()).isEqualTo("manual");
        assertThat(hold.getUntilUnixMs() - hold.getSinceUnixMs()).isEqualTo(1_500);
        assertThat(latestStatus(c.last(), "fam@h1").orElseThrow().getPid()).isEqualTo(pgid);

        await("LEASE_EXPIRED sent", () -> c.last().of(BodyCase.EVENTS).stream()
                .flatMap(m -> m.getEvents().getEventsList().stream())
                .anyMatch(e -> e.getKind() == JobEvent.Kind.LEASE_EXPIRED && e.getJobId().equals("fam@h1")
                        && e.getCause().equals("pause by alice@ops1 for 1500ms ended")));
        await("running again, no holds", () -> groupIs(pgid, false) && latestStatus(c.last(), "fam@h1")
                .filter(st -> st.getState() == JobState.RUNNING && st.getHoldsCount() == 0).isPresent());
        assertThat(c.last().of(BodyCase.EVENTS).stream().flatMap(m -> m.getEvents().getEventsList().stream())
                .filter(e -> e.getJobId().equals("fam@h1")).map(JobEvent::getKind).toList())
                .containsSubsequence(JobEvent.Kind.PAUSE, JobEvent.Kind.LEASE_EXPIRED, JobEvent.Kind.RESUME);
    }

    @Test
    void anAssignmentSavedByThePreviousVersionIsTakenOverRegisteredAndSavedAgainUnchanged() throws Exception {
        byte[] before;
        try (var in = AgentLinkTest.class.getResourceAsStream("/io/dmon/agent/link/assignment-before-job-model.pb")) {
            before = in.readAllBytes();
        }
        Files.createDirectories(dir.resolve("state"));
        Files.write(dir.resolve("state/assignment.pb"), before);
        List<Job> saved = Assignment.parseFrom(before).getJobsList();
        FakeCoordinator c = coordinator("a:1", saved.toArray(Job[]::new));
        AgentNode node = agent("a:1");

        await("a session", () -> !c.sessions.isEmpty() && !c.last().of(BodyCase.REGISTER).isEmpty());
        Register register = c.last().of(BodyCase.REGISTER).get(0).getRegister();
        assertThat(register.getJobsList()).as("every saved job, as the coordinator once sent it")
                .containsExactlyElementsOf(saved);
        assertThat(register.getStatusesList()).extracting(JobStatus::getId)
                .containsExactlyInAnyOrder("web@test", "nightly@test", "bad@test", "plain@test");
        await("the job without a desired state ran, as one desired running", () -> c.last().of(BodyCase.EVENTS)
                .stream().flatMap(m -> m.getEvents().getEventsList().stream())
                .anyMatch(e -> e.getKind() == JobEvent.Kind.START && e.getJobId().equals("plain@test")));
        assertThat(latestStatus(c.last(), "bad@test")).map(JobStatus::getState).contains(JobState.STOPPED);
        node.host().flushAssignment();
        assertThat(Files.readAllBytes(dir.resolve("state/assignment.pb"))).isEqualTo(before);
    }
}
