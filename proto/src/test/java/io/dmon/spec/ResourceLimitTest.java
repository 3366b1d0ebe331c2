package io.dmon.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResourceLimitTest {

    @Test
    void kindsHaveDmonsNamesInDmonsOrder() {
        assertThat(Arrays.stream(LimitKind.values()).map(LimitKind::dmonName)).containsExactly(
                "vmem", "core", "cpu", "data", "fsize", "locks", "mlock", "msgq", "nice", "files",
                "nproc", "rss", "rtprio", "rttime", "sigpending", "stack");
    }

    @Test
    void kindsMapToTheGenericLinuxResourceNumbers() {
        Map<String, Integer> numbers = Arrays.stream(LimitKind.values())
                .collect(Collectors.toMap(LimitKind::rlimitName, LimitKind::rlimit));
        assertThat(numbers).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("RLIMIT_CPU", 0), Map.entry("RLIMIT_FSIZE", 1), Map.entry("RLIMIT_DATA", 2),
                Map.entry("RLIMIT_STACK", 3), Map.entry("RLIMIT_CORE", 4), Map.entry("RLIMIT_RSS", 5),
                Map.entry("RLIMIT_NPROC", 6), Map.entry("RLIMIT_NOFILE", 7), Map.entry("RLIMIT_MEMLOCK", 8),
                Map.entry("RLIMIT_AS", 9), Map.entry("RLIMIT_LOCKS", 10), Map.entry("RLIMIT_SIGPENDING", 11),
                Map.entry("RLIMIT_MSGQUEUE", 12), Map.entry("RLIMIT_NICE", 13), Map.entry("RLIMIT_RTPRIO", 14),
                Map.entry("RLIMIT_RTTIME", 15)));
        assertThat(LimitKind.FILES.rlimitName()).isEqualTo("RLIMIT_NOFILE");
        assertThat(LimitKind.VMEM.rlimitName()).isEqualTo("RLIMIT_AS");
    }

    @Test
    void unitsFollowDmonsParsers() {
        assertThat(Arrays.stream(LimitKind.values()).filter(k -> k.unit() == LimitKind.Unit.BYTES))
                .containsExactlyInAnyOrder(LimitKind.VMEM, LimitKind.CORE, LimitKind.DATA, LimitKind.FSIZE,
                        LimitKind.MLOCK, LimitKind.STACK);
        assertThat(Arrays.stream(LimitKind.values()).filter(k -> k.unit() == LimitKind.Unit.SECONDS))
                .containsExactlyInAnyOrder(LimitKind.CPU, LimitKind.RTTIME);
    }

    @ParameterizedTest
    @EnumSource(LimitKind.class)
    void everyKindIsFoundByItsNameAndDescribed(LimitKind kind) {
        assertThat(LimitKind.byDmonName(kind.dmonName())).contains(kind);
        assertThat(kind.description()).isNotBlank().doesNotContain("\n").contains(kind.unit().hint());
    }

    @ParameterizedTest
    @CsvSource({
        "vmem=1g, VMEM, 1073741824", "core=0, CORE, 0", "stack=8m, STACK, 8388608", "data=512k, DATA, 524288",
        "fsize=100, FSIZE, 100", "mlock=64k, MLOCK, 65536", "cpu=90, CPU, 90", "cpu=2h, CPU, 7200",
        "rttime=1m, RTTIME, 60", "files=1024, FILES, 1024", "nproc=50, NPROC, 50", "locks=10, LOCKS, 10",
        "msgq=819200, MSGQ, 819200", "nice=10, NICE, 10", "rss=4096, RSS, 4096", "rtprio=5, RTPRIO, 5",
        "sigpending=100, SIGPENDING, 100"
    })
    void parsesEachKindInItsUnit(String text, LimitKind kind, long value) throws SpecException {
        assertThat(ResourceLimit.parse("-r", text)).isEqualTo(new ResourceLimit(kind, value));
    }

    @Test
    void rttimeIsHandedToTheKernelInMicroseconds() {
        assertThat(new ResourceLimit(LimitKind.RTTIME, 2).rlimitValue()).isEqualTo(2_000_000L);
        assertThat(new ResourceLimit(LimitKind.RTTIME, Long.MAX_VALUE / 2).rlimitValue()).isEqualTo(Long.MAX_VALUE);
        assertThat(new ResourceLimit(LimitKind.CPU, 2).rlimitValue()).isEqualTo(2);
        assertThat(new ResourceLimit(LimitKind.FILES, 64).rlimitValue()).isEqualTo(64);
    }

    @ParameterizedTest
    @ValueSource(strings = {"foo=1", "foo", "FILES=1", "file=1", "=1", "", "files 1", " files=1"})
    void unknownNamesPointAtTheList(String text) {
        String name = text.contains("=") ? text.substring(0, text.indexOf('=')) : text;
        assertThatThrownBy(() -> ResourceLimit.parse("-r", text))
                .isInstanceOf(SpecException.class)
                .hasMessage("option -r: unknown limit '" + name + "' (see -r help)");
    }

    @Test
    void knownNameWithoutValue() {
        assertThatThrownBy(() -> ResourceLimit.parse("--limit", "files"))
                .hasMessage("option --limit: limit 'files' needs a value (files=VALUE)");
    }

    @Test
    void badValuesNameTheLimit() {
        assertThatThrownBy(() -> ResourceLimit.parse("-r", "files=many"))
                .hasMessageStartingWith("option -r files: bad numeric value 'many'");
        assertThatThrownBy(() -> ResourceLimit.parse("-r", "files=-1"))
                .hasMessage("option -r files: negative value '-1'");
        assertThatThrownBy(() -> ResourceLimit.parse("-r", "files="))
                .hasMessage("option -r files: empty value");
        assertThatThrownBy(() -> ResourceLimit.parse("-r", "vmem=1t"))
                .hasMessageStartingWith("option -r vmem: bad size value '1t'");
        assertThatThrownBy(() -> ResourceLimit.parse("-r", "cpu=5x"))
                .hasMessageStartingWith("option -r cpu: bad time value '5x'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"files=unlimited", "vmem=unlimited", "cpu=unlimited", "files=infinity"})
    void unlimitedIsNotAValueAsInDmon(String text) {
        assertThatThrownBy(() -> ResourceLimit.parse("-r", text)).isInstanceOf(SpecException.class);
    }

    @Test
    void countsTakeNoSuffix() {
        assertThatThrownBy(() -> ResourceLimit.parse("-r", "msgq=1k")).isInstanceOf(SpecException.class);
    }

    @Test
    void textIsNameEqualsPlainValue() throws SpecException {
        assertThat(ResourceLimit.parse("-r", "vmem=1k").text()).isEqualTo("vmem=1024");
    }

    @Test
    void constructorRefusesNegativeValues() {
        assertThatThrownBy(() -> new ResourceLimit(LimitKind.FILES, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
