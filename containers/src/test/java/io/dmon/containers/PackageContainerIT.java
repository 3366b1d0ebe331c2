package io.dmon.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Debian package as an operator meets it: {@code dpkg -i} in a clean Debian container (see
 * {@link DebianImage}), then the programs from {@code /usr/bin}: {@code dmon -n -1 true},
 * {@code dmon-coordinator --dev} and {@code dmonctl ps}, a job run through them, the system user,
 * the configuration, man pages and completion where the package put them; the coordinator and
 * the agent started as their units start them, with the package's configuration files (no
 * systemd runs in the container); then removal and purge.
 */
class PackageContainerIT {
    static final Path DOCKER_DIR = Path.of(System.getProperty("dmon.docker", "../deploy/target/docker"))
            .toAbsolutePath();
    static final Duration STEP = Duration.ofMinutes(2);

    static String container;

    @BeforeAll
    static void installed() throws Exception {
        DockerGate.require();
        String image = DebianImage.ensure();
        container = "dmon-package-" + UUID.randomUUID().toString().substring(0, 8);
        Cli.run(STEP, List.of("docker", "run", "-d", "--name", container, "--hostname", "pkghost", "--label",
                BenchContainers.LABEL + "=package", "--label", LeftoverContainers.OWNER + "=" + LeftoverContainers.self(),
                "-v", deb() + ":/tmp/dmon.deb:ro", image, "sleep", "3600"))
                .ok("docker run");
    }

    @AfterAll
    static void removed() throws Exception {
        if (container != null) {
            Cli.run(STEP, List.of("docker", "rm", "-f", container));
        }
    }

    @Test
    void installsRunsAndPurges() throws Exception {
        assertThat(exec("dpkg-query", "-W", "-f", "${db:Status-Status}", "dmon").exit()).as("not there before").isNotZero();
        Cli.Ran install = exec("dpkg", "-i", "/tmp/dmon.deb").ok("dpkg -i");
        assertThat(install.out()).contains("Setting up dmon");
        assertThat(exec("dpkg-query", "-W", "-f", "${db:Status-Status}", "dmon").out()).isEqualTo("installed");

        // The system user the coordinator runs as, and where things live.
        String user = exec("getent", "passwd", "dmon").ok("getent passwd dmon").out().strip();
        String[] fields = user.split(":");
        assertThat(Integer.parseInt(fields[2])).as("a system uid").isLessThan(1000);
        assertThat(fields[5]).isEqualTo("/var/lib/dmon");
        assertThat(exec("stat", "-c", "%U:%G %a", "/etc/dmon/tls").out().strip()).isEqualTo("root:dmon 750");
        assertThat(exec("ls", "/etc/dmon").out().lines().toList())
                .contains("agent.conf", "coordinator.conf", "example.env", "tls");
        assertThat(exec("ls", "/lib/systemd/system").out().lines().toList())
                .contains("dmon-agent.service", "dmon-coordinator.service", "dmon@.service");
        assertThat(exec("readlink", "/usr/bin/dmon").out().strip()).isEqualTo("/usr/lib/dmon/bin/dmon");
        // Made by postinst for the installed class path.
        assertThat(exec("ls", "/usr/lib/dmon/lib").out().lines().toList()).contains("dmon.jsa", "dlog.jsa", "dmonctl.jsa");
        assertThat(exec("ls", "/usr/share/man/man8", "/usr/share/man/man1").out())
                .contains("dmon.8.gz", "dlog.8.gz", "denv.8.gz", "dmon-agent.8.gz", "dmonctl.1.gz", "dmonctl-run.1.gz");
        assertThat(exec("bash", "-c", "source /usr/share/bash-completion/completions/dmonctl && complete -p dmonctl")
                .ok("completion").out()).contains("_dmonctl_dynamic");

        // The programs from /usr/bin, found on PATH: the launchers find their jars through the link.
        exec("dmon", "-n", "-1", "true").ok("dmon -n -1 true");
        assertThat(exec("dmon", "-n", "-m", "0", "sh", "-c", "exit 3").exit()).as("dmon -n -m 0: the command's status").isEqualTo(3);
        Cli.run(STEP, List.of("docker", "exec", "-d", container, "sh", "-c",
                "dmon-coordinator --dev --allow-root > /tmp/dev.log 2>&1")).ok("dmon-coordinator --dev");
        Await.until("dmonctl ps answers", STEP, () -> exec("dmonctl", "ps").exit() == 0);
        assertThat(exec("dmonctl", "ps").out()).startsWith("JOB ");
        assertThat(exec("dmonctl", "run", "--host", "pkghost", "-n", "-1", "echo", "hello from the package")
                .ok("dmonctl run").out()).isEqualTo("hello from the package\n");
        assertThat(exec("dmonctl", "ps").out()).contains("COMPLETED");
        exec("pkill", "-TERM", "-f", "io.dmon.deploy.DevCommand");
        Await.until("the dev fleet gone", STEP, () -> exec("pgrep", "-f", "io.dmon.deploy.DevCommand").exit() != 0);

        // The units' own command lines, with the package's configuration files: the coordinator as
        // the dmon user in its state directory (what systemd's User= and StateDirectory= give it).
        exec("install", "-d", "-o", "dmon", "-g", "dmon", "-m", "0750", "/var/lib/dmon/coordinator")
                .ok("state directory");
        Cli.run(STEP, List.of("docker", "exec", "-d", "-w", "/var/lib/dmon/coordinator", container, "sh", "-c",
                "runuser -u dmon -- dmon-coordinator @/etc/dmon/coordinator.conf > /tmp/coordinator.log 2>&1"))
                .ok("the coordinator as its unit starts it");
        Cli.run(STEP, List.of("docker", "exec", "-d", container, "sh", "-c",
                "dmon-agent @/etc/dmon/agent.conf --allow-root > /tmp/agent.log 2>&1")).ok("the agent as its unit starts it");
        Await.until("pkghost UP", STEP, () -> exec("dmonctl", "hosts").out(), out -> out.contains(" UP "));
        assertThat(exec("dmonctl", "run", "--host", "pkghost", "-n", "-1", "id", "-un").ok("dmonctl run").out())
                .isEqualTo("root\n");
        assertThat(exec("stat", "-c", "%a", "/var/lib/dmon/agent").out().strip()).isEqualTo("700");
        assertThat(exec("pgrep", "-u", "dmon", "-f", "io.dmon.deploy.CoordinatorMain").exit()).isZero();
        exec("pkill", "-TERM", "-f", "io.dmon.agent.tools.AgentCommand");
        exec("pkill", "-TERM", "-f", "io.dmon.deploy.CoordinatorMain");
        Await.until("both gone", STEP, () -> exec("pgrep", "-f", "io.dmon").exit() != 0);

        // Removal keeps the configuration; purge takes it and the state.
        exec("dpkg", "-r", "dmon").ok("dpkg -r");
        assertThat(exec("test", "-e", "/usr/bin/dmon").exit()).isNotZero();
        assertThat(exec("test", "-e", "/usr/lib/dmon").exit()).as("nothing left in /usr/lib/dmon").isNotZero();
        assertThat(exec("test", "-f", "/etc/dmon/agent.conf").exit()).isZero();
        exec("dpkg", "--purge", "dmon").ok("dpkg --purge");
        assertThat(exec("test", "-e", "/etc/dmon/agent.conf").exit()).isNotZero();
        assertThat(exec("test", "-e", "/var/lib/dmon").exit()).isNotZero();
    }

    /** {@code docker exec CONTAINER args...}, as root, PATH the image's. */
    static Cli.Ran exec(String... args) {
        List<String> cmd = new ArrayList<>(List.of("docker", "exec", container));
        cmd.addAll(List.of(args));
        try {
            return Cli.run(STEP, cmd);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Path deb() throws IOException {
        try (Stream<Path> list = Files.list(DOCKER_DIR)) {
            List<Path> found = list.filter(p -> p.getFileName().toString().matches("dmon_.*_amd64\\.deb")).toList();
            if (found.size() != 1) {
                throw new AssertionError("want one dmon_VERSION_amd64.deb in " + DOCKER_DIR + ", found " + found);
            }
            return found.get(0);
        }
    }
}
