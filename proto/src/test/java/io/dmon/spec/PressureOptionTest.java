package io.dmon.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmon.spec.PressureMetric.Kind;
import io.dmon.spec.PressureMetric.Resource;
import io.dmon.spec.PressureMetric.Window;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code -P}: every form it takes, and the one line for each it refuses. */
class PressureOptionTest {
    private final ParserFixture p = new ParserFixture();

    private static PressureMark mark(Resource r, Kind k, Window w, double high, double low) {
        return new PressureMark(new PressureMetric(r, k, w), high, low);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "cpu=40           | CPU    | SOME | AVG10  | 40   | 20",
        "io=40            | IO     | SOME | AVG10  | 40   | 20",
        "memory=10        | MEMORY | SOME | AVG10  | 10   | 5",
        "io:some=40       | IO     | SOME | AVG10  | 40   | 20",
        "io:full=40       | IO     | FULL | AVG10  | 40   | 20",
        "io:avg60=40      | IO     | SOME | AVG60  | 40   | 20",
        "cpu:full:avg300=9.5/1 | CPU | FULL | AVG300 | 9.5 | 1",
        "memory:some:avg10=50/50 | MEMORY | SOME | AVG10 | 50 | 50",
        "io=40/0          | IO     | SOME | AVG10  | 40   | 0",
        "io=.5            | IO     | SOME | AVG10  | 0.5  | 0.25",
        "io=99.99/1e1     | IO     | SOME | AVG10  | 99.99 | 10",
    })
    void everyFormOfTheMark(String value, Resource r, Kind k, Window w, double high, double low) throws SpecException {
        for (String name : List.of("-P", "--pressure")) {
            assertThat(p.spec(name, value, "cmd").pressure()).containsExactly(mark(r, k, w, high, low));
        }
    }

    @Test
    void repeatableOneMarkPerMetricTheLaterWinning() throws SpecException {
        JobSpec spec = p.spec("-P", "io=40", "-P", "cpu=80/60", "-P", "io:full=20", "-P", "io=30/10", "cmd");
        assertThat(spec.pressure()).containsExactly(
                mark(Resource.CPU, Kind.SOME, Window.AVG10, 80, 60),
                mark(Resource.IO, Kind.FULL, Window.AVG10, 20, 10),
                mark(Resource.IO, Kind.SOME, Window.AVG10, 30, 10));
    }

    @Test
    void addsUpAcrossTheConfigFileTheEnvironmentAndTheCommandLine() throws SpecException {
        p.files.put("conf", "pressure memory=10\n");
        JobSpec spec = p.specWithEnv("-P cpu=50", "-C", "conf", "-P", "io=40", "cmd");
        assertThat(spec.pressure()).extracting(m -> m.metric().name())
                .containsExactly("memory.some.avg10", "cpu.some.avg10", "io.some.avg10");
    }

    @Test
    void noMarkByDefaultAndMarksLeaveTheLoadAlone() throws SpecException {
        assertThat(p.spec("cmd").pressure()).isEmpty();
        JobSpec both = p.spec("-L", "4", "-P", "io=40", "cmd");
        assertThat(both.loadHigh()).isEqualTo(4);
        assertThat(both.pressure()).hasSize(1);
    }

    @Test
    void refusals() {
        assertThat(p.error("-P", "io", "cmd"))
                .isEqualTo("option -P: 'io' has no mark (write cpu|io|memory[:some|full][:avg10|avg60|avg300]=HIGH[/LOW],"
                        + " e.g. io=40)");
        assertThat(p.error("-P", "disk=40", "cmd"))
                .isEqualTo("option -P: unknown resource 'disk' (cpu, io or memory: "
                        + "cpu|io|memory[:some|full][:avg10|avg60|avg300])");
        assertThat(p.error("-P", "IO=40", "cmd")).startsWith("option -P: unknown resource 'IO'");
        assertThat(p.error("-P", "=40", "cmd")).startsWith("option -P: unknown resource ''");
        assertThat(p.error("-P", "io:most=40", "cmd"))
                .isEqualTo("option -P: in 'io:most', 'most' is neither some/full nor avg10/avg60/avg300 "
                        + "(cpu|io|memory[:some|full][:avg10|avg60|avg300])");
        assertThat(p.error("-P", "io:avg60:full=40", "cmd"))
                .startsWith("option -P: in 'io:avg60:full', 'full' must come before the window");
        assertThat(p.error("-P", "io:some:full=40", "cmd")).startsWith("option -P: in 'io:some:full', some/full is given twice");
        assertThat(p.error("-P", "io:avg10:avg60=40", "cmd")).startsWith("option -P: in 'io:avg10:avg60', the window is given twice");
        assertThat(p.error("-P", "io:some:avg10:x=40", "cmd")).startsWith("option -P: 'io:some:avg10:x' has more than three parts");
        assertThat(p.error("-P", "io:=40", "cmd")).startsWith("option -P: in 'io:', '' is neither");
        assertThat(p.error("-P", "io=", "cmd")).isEqualTo("option -P: high mark '' is not a number");
        assertThat(p.error("-P", "io=lots", "cmd")).isEqualTo("option -P: high mark 'lots' is not a number");
        assertThat(p.error("-P", "io=40%", "cmd")).isEqualTo("option -P: high mark '40%' is not a number");
        assertThat(p.error("-P", "io=nan", "cmd")).isEqualTo("option -P: high mark 'nan' is not a number");
        assertThat(p.error("-P", "io=-5", "cmd")).isEqualTo("option -P: high mark -5 is negative");
        assertThat(p.error("-P", "io=0", "cmd")).isEqualTo("option -P: high mark 0 must be more than 0");
        assertThat(p.error("-P", "io=100", "cmd"))
                .isEqualTo("option -P: high mark 100 can never be passed (pressure is a share of time, 0 to 100)");
        assertThat(p.error("-P", "io=1e400", "cmd")).isEqualTo("option -P: high mark '1e400' is too large");
        assertThat(p.error("-P", "io=40/", "cmd")).isEqualTo("option -P: no low mark after '/' in 'io=40/'");
        assertThat(p.error("-P", "io=40/x", "cmd")).isEqualTo("option -P: low mark 'x' is not a number");
        assertThat(p.error("-P", "io=40/-1", "cmd")).isEqualTo("option -P: low mark -1 is negative");
        assertThat(p.error("-P", "io=40/41", "cmd"))
                .isEqualTo("option -P: low mark 41 is above the high mark 40 (the command would be paused and resumed"
                        + " every second)");
        assertThat(p.error("-P", "io=40/20/10", "cmd")).isEqualTo("option -P: low mark '20/10' is not a number");
        assertThat(p.error("--pressure", "io", "cmd")).startsWith("option --pressure: 'io' has no mark");
        assertThat(p.error("-n", "-P")).isEqualTo("option -P needs a value");
        assertThat(p.errorWithEnv("-P io=200", "cmd")).startsWith("DMON_OPTIONS: option -P: high mark 200 can never");
        assertThat(p.error("-P40", "cmd")).isEqualTo("unknown option '-P40' (give the value as the next word: -P 40)");
    }

    @Test
    void metricsAreNamedWithDotsAndWrittenBackShortest() throws SpecException {
        assertThat(PressureMetric.parse("io.some.avg10")).isEqualTo(PressureMetric.of(Resource.IO));
        assertThat(PressureMetric.parse("io")).isEqualTo(PressureMetric.of(Resource.IO));
        assertThat(PressureMetric.parse("memory.full").name()).isEqualTo("memory.full.avg10");
        assertThat(PressureMetric.parse("cpu.avg300").name()).isEqualTo("cpu.some.avg300");
        assertThatThrownBy(() -> PressureMetric.parse("io:some")).hasMessageStartingWith("metric: unknown resource 'io:some'");
        assertThatThrownBy(() -> PressureMetric.parse("load1")).hasMessageStartingWith("metric: unknown resource 'load1'");
        assertThat(PressureMark.parse("-P", "io:full:avg60=40").text()).isEqualTo("io:full:avg60=40/20");
        assertThat(PressureMark.parse("-P", "cpu=12.5/0").text()).isEqualTo("cpu=12.5/0");
        // What dmonctl status shows is what -P takes back.
        PressureMark mark = PressureMark.parse("-P", "memory:avg300=33.3/3");
        assertThat(PressureMark.parse("-P", mark.text())).isEqualTo(mark);
    }

    @Test
    void theModelRefusesMarksNoOptionCouldGive() {
        PressureMetric io = PressureMetric.of(Resource.IO);
        assertThatThrownBy(() -> new PressureMark(io, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PressureMark(io, 100, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PressureMark(io, 40, 41)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PressureMark(io, Double.NaN, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PressureMark(io, 40, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
