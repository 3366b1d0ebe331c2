package io.dmon.agent.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DMon's option grammar: exact -X or --name words, the argument always the next word. */
class DenvArgumentsTest {

    private static DenvArguments parse(String... args) throws DenvException {
        return DenvArguments.parse(List.of(args));
    }

    @Test
    void shortAndLongOptionsInOrderThenTheCommand() throws DenvException {
        DenvArguments a = parse("-I", "--inherit", "HOME", "-E", "A=1", "--environ", "B", "-d", "/etc/env",
                "--file", "vars", "--inherit-env", "-i", "X", "--envdir", "d", "-f", "f", "cmd", "-x", "--y");
        assertThat(a.steps()).containsExactly(
                new EnvStep.InheritAll(), new EnvStep.Inherit("HOME"), new EnvStep.Assign("A", "1"),
                new EnvStep.Remove("B"), new EnvStep.ReadDirectory(Path.of("/etc/env")),
                new EnvStep.ReadFile(Path.of("vars")), new EnvStep.InheritAll(), new EnvStep.Inherit("X"),
                new EnvStep.ReadDirectory(Path.of("d")), new EnvStep.ReadFile(Path.of("f")));
        assertThat(a.command()).containsExactly("cmd", "-x", "--y");
        assertThat(a.help()).isFalse();
    }

    @Test
    void environWithEmptyValueSetsItEmpty() throws DenvException {
        assertThat(parse("-E", "A=", "-E", "B=x=y", "true").steps())
                .containsExactly(new EnvStep.Assign("A", ""), new EnvStep.Assign("B", "x=y"));
    }

    @Test
    void theArgumentIsTheNextWordWhateverItLooksLike() throws DenvException {
        DenvArguments a = parse("-E", "-I", "-i", "--help", "cmd");
        assertThat(a.steps()).containsExactly(new EnvStep.Remove("-I"), new EnvStep.Inherit("--help"));
        assertThat(a.command()).containsExactly("cmd");
    }

    @Test
    void wordsThatAreNotExactOptionsStartTheCommand() throws DenvException {
        assertThat(parse("-EA=1", "x").command()).containsExactly("-EA=1", "x");
        assertThat(parse("-", "x").command()).containsExactly("-", "x");
        assertThat(parse("-I", "env", "-I").command()).containsExactly("env", "-I");
    }

    @Test
    void doubleDashEndsTheOptions() throws DenvException {
        DenvArguments a = parse("-E", "A=1", "--", "-I", "--");
        assertThat(a.steps()).containsExactly(new EnvStep.Assign("A", "1"));
        assertThat(a.command()).containsExactly("-I", "--");
    }

    @Test
    void noCommandIsLeftToTheCaller() throws DenvException {
        assertThat(parse().command()).isEmpty();
        assertThat(parse("-I", "--").command()).isEmpty();
    }

    @Test
    void helpStopsParsingWherever() throws DenvException {
        assertThat(parse("-h").help()).isTrue();
        assertThat(parse("-I", "--help", "--bogus").help()).isTrue();
    }

    @Test
    void unknownOptionsAreErrorsInDmonWords() {
        assertThatThrownBy(() -> parse("-x", "cmd")).hasMessage("no such option: '-x'");
        assertThatThrownBy(() -> parse("--inherit-all", "cmd")).hasMessage("no such option: '--inherit-all'");
        assertThatThrownBy(() -> parse("--environ=A=1", "cmd")).hasMessage("no such option: '--environ=A=1'");
    }

    @Test
    void aMissingArgumentIsAnError() {
        assertThatThrownBy(() -> parse("-I", "-E")).hasMessage("missing argument: '-E'");
        assertThatThrownBy(() -> parse("--file")).hasMessage("missing argument: '--file'");
    }

    @Test
    void emptyNamesAndPathsAreErrors() {
        assertThatThrownBy(() -> parse("-E", "=x", "cmd")).hasMessage("Invalid variable name in '-E =x'.");
        assertThatThrownBy(() -> parse("-d", "", "cmd")).hasMessage("Cannot open '': No such file or directory.");
    }

    @Test
    void usageNamesEveryOption() {
        for (String option : List.of("-I, --inherit-env", "-i, --inherit NAME", "-E, --environ NAME[=VALUE]",
                "-d, --envdir DIR", "-f, --file FILE", "-h, --help")) {
            assertThat(DenvArguments.USAGE).contains(option);
        }
    }
}
