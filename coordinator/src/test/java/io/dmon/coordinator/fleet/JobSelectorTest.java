package io.dmon.coordinator.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.Selector;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobSelectorTest {
    private static final Job BATCH_ON_DB1 = Job.newBuilder().setId("dump@db1").setName("dump").setHost("db1")
            .addTags("batch").addTags("nightly").build();

    @Test
    void anEmptyOrMixedSelectorIsRefusedInOneLine() {
        refused(Selector.getDefaultInstance(), "empty selector: give job ids, --host, --tag, --label or --all");
        refused(Selector.newBuilder().addJobIds("a@h").setTag("batch").build(),
                "job ids go alone, not with --host, --tag, --label or --all");
        refused(Selector.newBuilder().addJobIds("a@h").setAll(true).build(),
                "job ids go alone, not with --host, --tag, --label or --all");
        refused(Selector.newBuilder().setAll(true).putLabels("role", "db").build(),
                "--all goes alone, not with --host, --tag or --label");
        refused(Selector.newBuilder().addJobIds("nohost").build(), "bad job id 'nohost': expected NAME@HOST");
        refused(Selector.newBuilder().setHost("a b").build(), "bad host name 'a b': use letters, digits, '.', '_', '-'");
        refused(Selector.newBuilder().putLabels("", "x").build(), "bad label '=x': empty name");
    }

    @Test
    void hostTagAndLabelsMustAllMatch() {
        JobSelector all = JobSelector.of(Selector.newBuilder().setHost("db1").setTag("batch").putLabels("role", "db").build());
        assertThat(all.matches(BATCH_ON_DB1, Map.of("role", "db", "dc", "x"))).isTrue();
        assertThat(all.matches(BATCH_ON_DB1, Map.of("role", "web"))).isFalse();
        assertThat(all.matches(BATCH_ON_DB1, Map.of())).isFalse();
        assertThat(all.matches(BATCH_ON_DB1.toBuilder().setHost("db2").build(), Map.of("role", "db"))).isFalse();
        assertThat(all.matches(BATCH_ON_DB1.toBuilder().clearTags().build(), Map.of("role", "db"))).isFalse();
        assertThat(all.describe()).isEqualTo("--host db1 --tag batch --label role=db");
        assertThat(all.byIds()).isFalse();
    }

    @Test
    void idsMatchOnlyTheirJobsAndAllMatchesEvery() {
        JobSelector ids = JobSelector.of(Selector.newBuilder().addJobIds("dump@db1").addJobIds("x@y").addJobIds("dump@db1").build());
        assertThat(ids.byIds()).isTrue();
        assertThat(ids.jobIds()).containsExactly("dump@db1", "x@y");
        assertThat(ids.matches(BATCH_ON_DB1, Map.of())).isTrue();
        assertThat(ids.matches(BATCH_ON_DB1.toBuilder().setId("other@db1").build(), Map.of())).isFalse();
        JobSelector every = JobSelector.of(Selector.newBuilder().setAll(true).build());
        assertThat(every.matches(BATCH_ON_DB1, Map.of())).isTrue();
        assertThat(every.describe()).isEqualTo("--all");
    }

    private static void refused(Selector selector, String message) {
        assertThatThrownBy(() -> JobSelector.of(selector)).isInstanceOfSatisfying(Rejection.class, e -> {
            assertThat(e.reason()).isEqualTo(Rejection.Reason.INVALID);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }
}
