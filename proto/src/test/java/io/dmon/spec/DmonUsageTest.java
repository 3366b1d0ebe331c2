package io.dmon.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DmonUsageTest {

    @Test
    void startsWithTheUsageLine() {
        assertThat(DmonUsage.usage()).startsWith(
                "Usage: dmon [options] cmd [cmd-options] [-- log-cmd [log-cmd-options]]\n");
    }

    @ParameterizedTest
    @EnumSource(DmonOption.class)
    void listsEveryOptionWithBothNamesOnOneLine(DmonOption option) {
        String line = "  -" + option.letter() + ", --" + option.longName()
                + (option.takesValue() ? " " + option.valueName() : "");
        assertThat(DmonUsage.usage().lines().filter(l -> l.startsWith(line + " ")))
                .singleElement().asString().endsWith(option.summary());
    }

    @Test
    void tellsWhatDiffersFromDmonAndWhereOptionsComeFrom() {
        String usage = DmonUsage.usage();
        assertThat(usage).contains("DMON_OPTIONS", "-t times each run from its own start",
                "does not count time spent paused", "DMon's clock does neither",
                "Respawns after a timeout count against -m", "whole\nprocess group", "'-r help'",
                "s, m (minutes), h, d, w", "--no-FLAG");
    }

    @Test
    void fitsATerminal() {
        assertThat(DmonUsage.usage().lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(100));
        assertThat(DmonUsage.usage()).endsWith("\n");
    }

    @Test
    void limitsHelpListsEveryLimitAsDmonDoes() {
        // DMon's list as DMon prints it, then ours (limits on the job's whole cgroup).
        assertThat(DmonUsage.limitsHelp().lines()).containsExactlyElementsOf(java.util.stream.Stream.concat(
                Arrays.stream(LimitKind.values()).map(kind -> kind.dmonName() + " -- " + kind.description()),
                Arrays.stream(CgroupLimit.Kind.values()).map(kind -> kind.optionName() + " -- " + kind.description()))
                .toList());
        assertThat(DmonUsage.limitsHelp()).startsWith("vmem -- Maximum size of the process's virtual memory (bytes;")
                .endsWith("\n");
    }
}
