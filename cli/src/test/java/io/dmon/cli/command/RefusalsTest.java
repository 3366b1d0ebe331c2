package io.dmon.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.cli.Coordinators;
import io.dmon.cli.Coordinators.Result;
import io.dmon.cli.FakeCoordinator;
import io.dmon.wire.RequestLimits;
import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What dmonctl refuses before sending, and how it reports the coordinator's refusals of who is asking. */
class RefusalsTest {
    private final Coordinators coordinators = new Coordinators();
    private FakeCoordinator coordinator;

    @BeforeEach
    void start() {
        coordinator = coordinators.start("a");
    }

    @AfterEach
    void stop() throws InterruptedException {
        coordinators.close();
    }

    @Test
    void permissionDeniedIsOneLineAndExit6() {
        coordinator.stop = r -> {
            throw FakeCoordinator.fail(Status.PERMISSION_DENIED.withDescription(
                    "permission denied: this call needs the operator role, not viewer"));
        };
        Result r = coordinators.run("stop", "web@h1");

        assertThat(r.status()).isEqualTo(6);
        assertThat(r.err()).isEqualTo("dmonctl: permission denied: this call needs the operator role, not viewer\n");
    }

    @Test
    void unauthenticatedIsOneLineAndExit7() {
        coordinator.listHosts = r -> {
            throw FakeCoordinator.fail(Status.UNAUTHENTICATED.withDescription(
                    "the client certificate names no dmon principal (URI dmon://ROLE/NAME)"));
        };
        Result r = coordinators.run("hosts");

        assertThat(r.status()).isEqualTo(7);
        assertThat(r.err()).isEqualTo("dmonctl: the client certificate names no dmon principal (URI dmon://ROLE/NAME)\n");
    }

    @Test
    void aHugeHostNameIsRefusedBeforeSendingWithoutEchoingIt() {
        String huge = "h".repeat(10_000);
        Result r = coordinators.run("run", "--host", huge, "true");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("dmonctl: host name 1: longer than " + RequestLimits.MAX_HOST + " characters\n");
        assertThat(coordinator.requests).isEmpty();
    }

    @Test
    void aFiveMegabyteEnvironmentValueIsRefusedBeforeSending() {
        Result r = coordinators.run("run", "--host", "h1", "-E", "BIG=" + "x".repeat(5 << 20), "true");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("dmonctl: environment change 1 (-E): value longer than "
                + RequestLimits.MAX_ENV_VALUE_BYTES + " bytes\n");
        assertThat(coordinator.requests).isEmpty();
    }

    @Test
    void aHugeTagOrSelectorIsRefusedBeforeSending() {
        Result tag = coordinators.run("pause", "--tag", "t".repeat(9_000));
        Result ids = coordinators.run("stop", "j@" + "h".repeat(9_000));

        assertThat(tag.status()).isEqualTo(2);
        assertThat(tag.err()).isEqualTo("dmonctl: tag: longer than " + RequestLimits.MAX_TAG + " characters\n");
        assertThat(ids.status()).isEqualTo(2);
        assertThat(ids.err()).isEqualTo("dmonctl: job id 1: longer than " + RequestLimits.MAX_JOB_ID + " characters\n");
        assertThat(coordinator.requests).isEmpty();
    }

    @Test
    void anEmptyNameIsAMistakeNotTheDefault() {
        Result r = coordinators.run("run", "--host", "h1", "--name", "", "true");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("dmonctl: --name: empty job name\n");
        assertThat(coordinator.requests).isEmpty();
    }
}
