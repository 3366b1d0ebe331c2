package io.dmon.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ParsedArgsTest {

    @Test
    void runCarriesTheSpec() {
        JobSpec spec = JobSpec.builder().command("x").build();
        ParsedArgs run = ParsedArgs.run(spec);
        assertThat(run.action()).isEqualTo(ParsedArgs.Action.RUN);
        assertThat(run.spec()).isSameAs(spec);
        assertThat(run).isEqualTo(ParsedArgs.run(JobSpec.builder().command("x").build()))
                .hasSameHashCodeAs(ParsedArgs.run(spec));
        assertThat(run.toString()).startsWith("RUN JobSpec{");
    }

    @Test
    void helpHasNoSpec() {
        assertThat(ParsedArgs.help().action()).isEqualTo(ParsedArgs.Action.HELP);
        assertThat(ParsedArgs.limitsHelp().action()).isEqualTo(ParsedArgs.Action.LIMITS_HELP);
        assertThatThrownBy(() -> ParsedArgs.help().spec()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ParsedArgs.limitsHelp().spec()).isInstanceOf(IllegalStateException.class);
        assertThat(ParsedArgs.help()).isNotEqualTo(ParsedArgs.limitsHelp());
    }
}
