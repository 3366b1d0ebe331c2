package io.dmon.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a test of a fleet of real JVMs holds: its directory, the {@link Fleet} it starts there
 * (agents, then coordinators, closed after each test, even a failed one), and dmonctl calls that
 * must succeed.
 */
abstract class FleetTest {
    @TempDir
    Path dir;
    Fleet fleet;

    @AfterEach
    void closeFleet() throws InterruptedException {
        if (fleet != null) {
            fleet.close();
        }
    }

    /** dmonctl as the fleet's admin, which must exit 0; a failure names the call (its first 120 characters) and what dmonctl said. */
    Fleet.Ctl ok(String... args) {
        Fleet.Ctl r = fleet.ctl(args);
        String call = String.join(" ", args);
        assertThat(r.exit()).as(call.substring(0, Math.min(120, call.length())) + ": " + r.err()).isZero();
        return r;
    }
}
