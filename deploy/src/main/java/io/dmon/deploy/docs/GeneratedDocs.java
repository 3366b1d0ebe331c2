package io.dmon.deploy.docs;

import io.dmon.agent.tools.AgentCommand;
import io.dmon.cli.DmonCtl;
import io.dmon.coordinator.CoordinatorCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes, under the directory given, {@code adoc/} (a man page source per picocli command:
 * dmonctl(1) and one per subcommand, dmon-agent(8), dmon-coordinator(8)) and {@code completion/}
 * ({@code bash/PROGRAM}, {@code zsh/_PROGRAM}), from the same {@link CommandLine} models the
 * programs parse their arguments with.
 */
public final class GeneratedDocs {
    /** The daemons are administrators' programs: section 8. dmonctl stays in section 1. */
    private static final List<String> SECTION_8 = List.of("dmon-agent", "dmon-coordinator");
    /** Where the package installs the bash scripts (zsh's source them from there). */
    static final String BASH_COMPLETIONS = "/usr/share/bash-completion/completions";

    private GeneratedDocs() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: GeneratedDocs OUTPUT-DIRECTORY");
        }
        Path out = Path.of(args[0]);
        Map<String, CommandLine> programs = Map.of("dmonctl", DmonCtl.model(), "dmon-agent", AgentCommand.model(),
                "dmon-coordinator", CoordinatorCommand.model());
        writeManPages(out.resolve("adoc"), programs);
        for (Map.Entry<String, CommandLine> program : programs.entrySet()) {
            writeCompletion(out.resolve("completion"), program.getKey(), program.getValue());
        }
    }

    private static void writeManPages(Path dir, Map<String, CommandLine> programs) throws IOException {
        Files.createDirectories(dir);
        int status = ManPageGenerator.generateManPage(dir.toFile(), null, new boolean[0], true,
                programs.values().stream().map(CommandLine::getCommandSpec).toArray(CommandLine.Model.CommandSpec[]::new));
        if (status != 0) {
            throw new IOException("the man page generator failed with status " + status);
        }
        for (String program : SECTION_8) {
            Path page = dir.resolve(program + ".adoc");
            String text = Files.readString(page, StandardCharsets.UTF_8);
            Files.writeString(page, text.replace("= " + program + "(1)", "= " + program + "(8)")
                    .replace(":manvolnum: 1", ":manvolnum: 8"), StandardCharsets.UTF_8);
        }
    }

    private static void writeCompletion(Path dir, String program, CommandLine model) throws IOException {
        Path bash = dir.resolve("bash").resolve(program);
        Path zsh = dir.resolve("zsh").resolve("_" + program);
        Files.createDirectories(bash.getParent());
        Files.createDirectories(zsh.getParent());
        String script = AutoComplete.bash(program, model);
        if (program.equals("dmonctl")) {
            // Job ids and host names are the fleet's, not the model's: asked of the coordinators.
            script = script + resource("dmonctl-dynamic.bash");
        }
        Files.writeString(bash, script, StandardCharsets.UTF_8);
        Files.writeString(zsh, zsh(program), StandardCharsets.UTF_8);
    }

    /** zsh's completion: bash's, through zsh's bashcompinit, from where the package installs it. */
    private static String zsh(String program) {
        String function = program.equals("dmonctl") ? "_dmonctl_dynamic" : "_complete_" + program;
        return "#compdef " + program + "\n"
                + "# " + program + "'s bash completion, through zsh's bashcompinit.\n"
                + "autoload -U +X bashcompinit && bashcompinit\n"
                + "# bashcompinit has no compopt (how bash shows the words): nothing to do in zsh.\n"
                + "(( $+functions[compopt] )) || compopt() { return 0; }\n"
                + "source " + BASH_COMPLETIONS + "/" + program + "\n"
                + "# Loaded for this completion: answer it too (later ones go straight to " + function + ").\n"
                + "_bash_complete -F " + function + " -o default \"$@\"\n";
    }

    private static String resource(String name) throws IOException {
        try (var in = GeneratedDocs.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("no resource " + name + " beside " + GeneratedDocs.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
