package io.dmon.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.agent.tools.AgentCommand;
import io.dmon.agent.tools.ToolOptionNames;
import io.dmon.cli.DmonCtl;
import io.dmon.coordinator.CoordinatorCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The man pages the build made, read with {@code man -l} as an operator reads them: each renders
 * without a warning; the hand-written pages of dmon, dlog, drlog, dslog and denv name every
 * option their parsers know (read from the parsers' own tables, so a new option without its
 * documentation fails here); the generated ones name every option of their picocli command.
 */
class ManPagesIT {
    static final Path MAN = Path.of(System.getProperty("dmon.kit", "target/kit"), "man").toAbsolutePath();

    @BeforeAll
    static void manIsThere() throws Exception {
        boolean man = new ProcessBuilder("sh", "-c", "command -v man").start().waitFor() == 0;
        if (!man && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true but there is no man (apt-get install man-db; .ci/run does)");
        }
        Assumptions.assumeTrue(man, "skipped: no man on this machine (apt-get install man-db)");
    }

    @Test
    void everyPageRendersWithoutWarnings() throws Exception {
        List<Path> pages;
        try (Stream<Path> list = Files.list(MAN)) {
            pages = list.sorted().toList();
        }
        assertThat(pages).extracting(p -> p.getFileName().toString()).contains("dmon.8", "dlog.8", "drlog.8",
                "dslog.8", "denv.8", "dmon-agent.8", "dmon-coordinator.8", "dmonctl.1", "dmonctl-run.1",
                "dmonctl-gate-add.1", "dmonctl-tls-cert-create.1");
        for (Path page : pages) {
            String name = page.getFileName().toString().replaceFirst("\\.[18]$", "");
            Rendered r = render(page);
            assertThat(r.warnings()).as("man --warnings -l %s", page.getFileName()).isEmpty();
            assertThat(r.text()).as(page.getFileName().toString()).contains("NAME").contains(name + " - ");
        }
    }

    @Test
    void theDmonToolsPagesNameEveryOptionTheirParsersKnow() throws Exception {
        for (String program : ToolOptionNames.PROGRAMS) {
            String text = render(MAN.resolve(program + ".8")).text();
            List<String> spellings = ToolOptionNames.of(program);
            assertThat(spellings).as(program).isNotEmpty();
            for (String option : spellings) {
                assertThat(mentions(text, option)).as("%s(8) names %s", program, option).isTrue();
            }
        }
    }

    @Test
    void theGeneratedPagesNameEveryOptionOfTheirCommands() throws Exception {
        Map<String, CommandLine> programs = Map.of("dmonctl", DmonCtl.model(), "dmon-agent", AgentCommand.model(),
                "dmon-coordinator", CoordinatorCommand.model());
        for (Map.Entry<String, CommandLine> program : programs.entrySet()) {
            for (CommandSpec command : commands(program.getValue().getCommandSpec())) {
                if (command.usageMessage().hidden()) {
                    continue;
                }
                String page = command.qualifiedName("-") + (program.getKey().equals("dmonctl") ? ".1" : ".8");
                String text = render(MAN.resolve(page)).text();
                for (OptionSpec option : command.options()) {
                    if (!option.hidden()) {
                        for (String name : option.names()) {
                            assertThat(mentions(text, name)).as("%s names %s", page, name).isTrue();
                        }
                    }
                }
            }
        }
    }

    private static List<CommandSpec> commands(CommandSpec top) {
        List<CommandSpec> all = new ArrayList<>(List.of(top));
        for (CommandLine sub : top.subcommands().values()) {
            if (!all.contains(sub.getCommandSpec())) {
                all.addAll(commands(sub.getCommandSpec()));
            }
        }
        return all.stream().distinct().toList();
    }

    /** {@code option} as a word of its own: {@code -e} is not found inside {@code --skip-empty}. */
    private static boolean mentions(String text, String option) {
        return Pattern.compile("(?<![\\w-])" + Pattern.quote(option) + "(?![\\w-])").matcher(text).find();
    }

    record Rendered(String text, String warnings) { }

    static Rendered render(Path page) throws IOException, InterruptedException {
        Path err = Files.createTempFile("man", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder("man", "--warnings", "-l", page.toString())
                    .redirectError(err.toFile());
            pb.environment().put("MANWIDTH", "100");
            pb.environment().put("MANPAGER", "cat");
            pb.environment().put("PAGER", "cat");
            Process p = pb.start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("man -l %s", page).isZero();
            // Hyphens and quotes come back as the plain characters the page was written with.
            return new Rendered(text.replace('\u2010', '-').replace('\u2212', '-'), Files.readString(err).strip());
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
