package io.dmon.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The compose file as a user runs it: {@code docker-compose up -d --build} in deploy/target/docker
 * builds the image from the package beside it (on the clean Debian image of {@link DebianImage}
 * instead of the archive's, which cannot be pulled here) and starts three coordinators and two
 * agents with mutual TLS; then a job runs through it and the cluster has its three members.
 * Needs Debian's docker-compose (or Docker's compose command); skipped without one, except in CI.
 */
@Tag("slow")
class ComposeContainerIT {
    static final Duration UP = Duration.ofMinutes(4);

    static List<String> compose;
    static Map<String, String> env;

    @BeforeAll
    static void up() throws Exception {
        DockerGate.require();
        compose = composeCommand();
        String project = "dmonkit" + UUID.randomUUID().toString().substring(0, 6);
        env = Map.of("DMON_BASE", DebianImage.ensure(), "DMON_IMAGE", "dmon-compose-test:" + project,
                "COMPOSE_PROJECT_NAME", project);
        run(UP, "up", "-d", "--build").ok("compose up");
    }

    @AfterAll
    static void down() throws Exception {
        if (env != null) {
            run(UP, "down", "-v", "--rmi", "all", "--remove-orphans");
        }
    }

    @Test
    void aJobRunsThroughTheFleet() throws Exception {
        Await.until("a1 and a2 UP", UP, () -> ctl("c1", "hosts").out(),
                out -> out.lines().filter(l -> l.matches("a[12] +UP .*")).count() == 2);
        Cli.Ran run = ctl("c2", "run", "--host", "a1", "-n", "-1", "sh", "-c", "echo hello from $(hostname)")
                .ok("dmonctl run through c2");
        assertThat(run.out()).isEqualTo("hello from a1\n");
        Cli.Ran cluster = Await.until("three members", UP, () -> ctl("c3", "cluster"),
                ran -> ran.exit() == 0 && ran.out().lines().filter(l -> l.contains(":5701")).count() == 3);
        assertThat(cluster.out()).contains("c1:7700").contains("c2:7700").contains("c3:7700");
        assertThat(ctl("c1", "ps").out()).contains("COMPLETED");
    }

    /** dmonctl in a coordinator's container, as the fleet's admin (the compose file's DMON_TLS_DIR). */
    private static Cli.Ran ctl(String service, String... args) {
        List<String> all = new ArrayList<>(List.of("exec", "-T", service, "dmonctl"));
        all.addAll(List.of(args));
        try {
            return run(Duration.ofMinutes(1), all.toArray(new String[0]));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Cli.Ran run(Duration max, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(compose);
        cmd.addAll(List.of(args));
        return Cli.run(max, env, PackageContainerIT.DOCKER_DIR, cmd);
    }

    /** Docker's compose command, else Debian's docker-compose. */
    private static List<String> composeCommand() throws Exception {
        if (Cli.run(Duration.ofSeconds(30), List.of("docker", "compose", "version")).exit() == 0) {
            return List.of("docker", "compose");
        }
        if (Cli.has("docker-compose")) {
            return List.of("docker-compose");
        }
        String why = "neither 'docker compose' nor docker-compose is installed (apt-get install docker-compose)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true but " + why + "; .ci/run installs it");
        }
        Assumptions.abort("skipped: " + why);
        return List.of();
    }
}
