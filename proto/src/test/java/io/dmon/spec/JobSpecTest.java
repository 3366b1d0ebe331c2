package io.dmon.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobSpecTest {

    private static JobSpec full() {
        return JobSpec.builder()
                .command("sh", "-c", "echo hi")
                .logCommand("dlog", "out.log")
                .infoFile("status").pidFile("pid").workDir("/srv")
                .intervalSeconds(5).timeoutSeconds(60)
                .loadHigh(4.0).loadLow(1.5)
                .addEnviron(EnvChange.set("A", "1")).addEnviron(EnvChange.unset("B"))
                .cmdUser(new UserSpec("app", List.of("adm"))).logUser(UserSpec.of("log"))
                .noDaemon(true).maxRespawns(3).stderrRedir(true).cmdSigs(true).logSigs(true)
                .addLimit(new ResourceLimit(LimitKind.FILES, 64))
                .build();
    }

    @Test
    void defaultsAreDmonsDefaults() {
        JobSpec spec = JobSpec.builder().command("true").build();
        assertThat(spec.command()).containsExactly("true");
        assertThat(spec.logCommand()).isEmpty();
        assertThat(spec.infoFile()).isEmpty();
        assertThat(spec.pidFile()).isEmpty();
        assertThat(spec.workDir()).isEmpty();
        assertThat(spec.intervalSeconds()).isZero();
        assertThat(spec.timeoutSeconds()).isZero();
        assertThat(spec.loadHigh()).isZero();
        assertThat(spec.loadLow()).isZero();
        assertThat(spec.environ()).isEmpty();
        assertThat(spec.cmdUser()).isEmpty();
        assertThat(spec.logUser()).isEmpty();
        assertThat(spec.noDaemon()).isFalse();
        assertThat(spec.once()).isFalse();
        assertThat(spec.maxRespawns()).isEqualTo(-1);
        assertThat(spec.stderrRedir()).isFalse();
        assertThat(spec.cmdSigs()).isFalse();
        assertThat(spec.logSigs()).isFalse();
        assertThat(spec.limits()).isEmpty();
    }

    @Test
    void accessorsReturnWhatWasBuilt() {
        JobSpec spec = full();
        assertThat(spec.command()).containsExactly("sh", "-c", "echo hi");
        assertThat(spec.logCommand()).containsExactly("dlog", "out.log");
        assertThat(spec.infoFile()).contains("status");
        assertThat(spec.pidFile()).contains("pid");
        assertThat(spec.workDir()).contains("/srv");
        assertThat(spec.intervalSeconds()).isEqualTo(5);
        assertThat(spec.timeoutSeconds()).isEqualTo(60);
        assertThat(spec.loadHigh()).isEqualTo(4.0);
        assertThat(spec.loadLow()).isEqualTo(1.5);
        assertThat(spec.environ()).containsExactly(EnvChange.set("A", "1"), EnvChange.unset("B"));
        assertThat(spec.cmdUser()).contains(new UserSpec("app", List.of("adm")));
        assertThat(spec.logUser()).contains(UserSpec.of("log"));
        assertThat(spec.noDaemon()).isTrue();
        assertThat(spec.maxRespawns()).isEqualTo(3);
        assertThat(spec.stderrRedir()).isTrue();
        assertThat(spec.cmdSigs()).isTrue();
        assertThat(spec.logSigs()).isTrue();
        assertThat(spec.limits()).containsExactly(new ResourceLimit(LimitKind.FILES, 64));
    }

    @Test
    void loadLowDefaultsToHalfOfLoadHighAsInDmon() {
        assertThat(JobSpec.builder().command("x").loadHigh(3.0).build().loadLow()).isEqualTo(1.5);
        assertThat(JobSpec.builder().command("x").loadHigh(3.0).loadLow(0).build().loadLow()).isEqualTo(1.5);
        assertThat(JobSpec.builder().command("x").loadHigh(3.0).loadLow(3.0).build().loadLow()).isEqualTo(3.0);
        assertThat(JobSpec.builder().command("x").loadLow(2.0).build().loadLow()).isEqualTo(2.0);
    }

    @Test
    void toBuilderCopiesEverything() {
        JobSpec spec = full();
        assertThat(spec.toBuilder().build()).isEqualTo(spec).hasSameHashCodeAs(spec);
        assertThat(spec.toBuilder().build().toString()).isEqualTo(spec.toString());
    }

    @Test
    void toBuilderChangesOnlyTheCopy() {
        JobSpec spec = full();
        JobSpec changed = spec.toBuilder().addEnviron(EnvChange.unset("C")).once(false).intervalSeconds(0).build();
        assertThat(changed.environ()).hasSize(3);
        assertThat(spec.environ()).hasSize(2);
        assertThat(changed).isNotEqualTo(spec);
    }

    @Test
    void equalityCoversEveryField() {
        JobSpec spec = full();
        List<JobSpec> variants = List.of(
                spec.toBuilder().command("sh").build(),
                spec.toBuilder().logCommand(List.of()).build(),
                spec.toBuilder().infoFile(null).build(),
                spec.toBuilder().pidFile("other").build(),
                spec.toBuilder().workDir(null).build(),
                spec.toBuilder().intervalSeconds(6).build(),
                spec.toBuilder().timeoutSeconds(61).build(),
                spec.toBuilder().loadHigh(5.0).build(),
                spec.toBuilder().loadLow(1.0).build(),
                spec.toBuilder().environ(List.of()).build(),
                spec.toBuilder().cmdUser(null).build(),
                spec.toBuilder().logUser(null).build(),
                spec.toBuilder().noDaemon(false).build(),
                spec.toBuilder().intervalSeconds(0).once(true).build(),
                spec.toBuilder().maxRespawns(-1).build(),
                spec.toBuilder().stderrRedir(false).build(),
                spec.toBuilder().cmdSigs(false).build(),
                spec.toBuilder().logSigs(false).build(),
                spec.toBuilder().limits(List.of()).build());
        for (JobSpec variant : variants) {
            assertThat(variant).isNotEqualTo(spec);
        }
        assertThat(spec).isEqualTo(full()).hasSameHashCodeAs(full()).isNotEqualTo(null).isNotEqualTo("x");
    }

    @Test
    void toStringNamesTheFields() {
        assertThat(full().toString()).startsWith("JobSpec{command=[sh, -c, echo hi], logCommand=[dlog, out.log]")
                .contains("loadLow=1.5", "maxRespawns=3", "limits=[ResourceLimit[kind=FILES, value=64]]");
    }

    @Test
    void listsAreImmutableCopies() {
        List<String> words = new ArrayList<>(List.of("a", "b"));
        JobSpec spec = JobSpec.builder().command(words).build();
        words.add("c");
        assertThat(spec.command()).containsExactly("a", "b");
        assertThatThrownBy(() -> spec.command().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> spec.environ().add(EnvChange.unset("X")))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> spec.limits().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void buildRefusesBrokenInvariants() {
        assertThatThrownBy(() -> JobSpec.builder().build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JobSpec.builder().command("").build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JobSpec.builder().command("x").logCommand("").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JobSpec.builder().command("x").intervalSeconds(-1).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JobSpec.builder().command("x").timeoutSeconds(-1).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JobSpec.builder().command("x").loadHigh(-1).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JobSpec.builder().command("x").loadHigh(Double.NaN).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JobSpec.builder().command("x").loadHigh(Double.POSITIVE_INFINITY).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JobSpec.builder().command("x").loadHigh(2).loadLow(3).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JobSpec.builder().command("x").maxRespawns(-2).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JobSpec.builder().command("x").once(true).intervalSeconds(1).build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
