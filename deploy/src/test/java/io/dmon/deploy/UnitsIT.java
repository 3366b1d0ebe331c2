package io.dmon.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package's systemd units, as systemd reads them: {@code systemd-analyze verify} on the
 * package's files extracted into a root of their own (beside this machine's own units, which they
 * refer to), so that it checks the programs they start and the man pages they name are where the
 * units say. Skipped, with the reason, where systemd is not installed; under CI it must be.
 */
class UnitsIT {
    static final Path TARGET = Path.of(System.getProperty("dmon.target", "target")).toAbsolutePath();

    @TempDir
    Path root;

    @Test
    void theUnitsVerifyCleanAgainstTheInstalledPackage() throws Exception {
        boolean analyze = run(List.of("sh", "-c", "command -v systemd-analyze"), Map.of()).exit() == 0;
        if (!analyze && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true but there is no systemd-analyze (apt-get install systemd; .ci/run does)");
        }
        Assumptions.assumeTrue(analyze, "skipped: no systemd-analyze on this machine (apt-get install systemd)");
        Ran extract = run(List.of("dpkg-deb", "-x", PackageFile.deb(TARGET).toString(), root.toString()), Map.of());
        assertThat(extract.exit()).as(extract.output()).isZero();
        // The targets and slices the units refer to are this machine's.
        Ran units = run(List.of("cp", "-an", "/lib/systemd/system/.", root.resolve("lib/systemd/system") + "/"), Map.of());
        assertThat(units.exit()).as(units.output()).isZero();
        for (String unit : List.of("dmon-agent.service", "dmon-coordinator.service", "dmon@.service",
                "dmon@backup.service")) {
            Ran verify = run(List.of("systemd-analyze", "verify", "--root=" + root, "/lib/systemd/system/" + unit),
                    Map.of("MANPATH", root.resolve("usr/share/man").toString()));
            assertThat(verify.exit()).as("systemd-analyze verify %s: %s", unit, verify.output()).isZero();
            // Warnings (an unknown value "ignored") leave the status 0: they must not be there either.
            assertThat(verify.output()).as("systemd-analyze verify %s", unit).isEmpty();
        }
    }

    @Test
    void theAgentLeavesItsJobsToItselfAndBothSayWhenTheyAreReady() throws IOException {
        Path dir = Path.of(System.getProperty("dmon.basedir", ".")).resolve("src/systemd");
        Map<String, String> agent = service(dir.resolve("dmon-agent.service"));
        assertThat(agent).containsEntry("Type", "notify").containsEntry("KillMode", "process")
                .containsEntry("Delegate", "yes").containsEntry("Restart", "on-failure")
                .containsEntry("ExecStart", "/usr/bin/dmon-agent @/etc/dmon/agent.conf").containsKey("WatchdogSec");
        Map<String, String> coordinator = service(dir.resolve("dmon-coordinator.service"));
        assertThat(coordinator).containsEntry("Type", "notify").containsEntry("User", "dmon")
                .containsEntry("ExecStart", "/usr/bin/dmon-coordinator @/etc/dmon/coordinator.conf");
        Map<String, String> template = service(dir.resolve("dmon@.service"));
        assertThat(template).containsEntry("EnvironmentFile", "/etc/dmon/%i.env")
                .containsEntry("ExecStart", "/usr/bin/dmon -n $COMMAND").containsEntry("KillMode", "mixed");
    }

    /** The [Service] section's settings (the last of each name). */
    private static Map<String, String> service(Path unit) throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        boolean inService = false;
        for (String line : Files.readAllLines(unit)) {
            String t = line.strip();
            if (t.startsWith("[")) {
                inService = t.equals("[Service]");
            } else if (inService && !t.isEmpty() && !t.startsWith("#") && t.contains("=")) {
                settings.put(t.substring(0, t.indexOf('=')), t.substring(t.indexOf('=') + 1));
            }
        }
        return settings;
    }

    record Ran(int exit, String output) { }

    static Ran run(List<String> cmd, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(cmd + " did not end within 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return new Ran(p.exitValue(), out.strip());
    }
}
