package io.dmon.agent.tools;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;

/**
 * denv's command line: the environment steps in the order given, then the command.
 *
 * <p>The grammar is DMon's (its cflag parser): an option is a word that is exactly {@code -X}
 * or {@code --name}; an option's argument is always the next word, whatever it looks like; no
 * bundling, no {@code -Xvalue}, no {@code --name=value}. The first word that is not an option
 * starts the command (so does {@code -} or {@code -abc}), and the rest is passed through
 * untouched. {@code --} ends the options; DMon's parser stops there without skipping it and
 * then tries to run a program called {@code --}, which we take for a slip.
 *
 * <p>Hand-written rather than picocli: denv execs the moment its options are read, often once
 * per service start, and building a picocli model costs 120-150 ms, several times the rest of
 * denv's work; the grammar is five options whose order matters, which picocli would need
 * setter methods to keep.
 */
record DenvArguments(List<EnvStep> steps, List<String> command, boolean help) {

    /** {@code --help}: what denv does, truthfully. */
    static final String USAGE = """
            Usage: denv [options] command [command-options...]
            Runs command in place (same process id) with an environment built from the
            options, applied in order, later ones overriding earlier ones. The environment
            starts empty. The command is looked up in denv's own PATH, not the new one.
            Command line options:

            -I, --inherit-env
               Inherit all environment variables of the calling process.

            -i, --inherit NAME
               Inherit one variable of the calling process (nothing if it is not set).

            -E, --environ NAME[=VALUE]
               Set NAME to VALUE (NAME= sets it empty), or without '=' remove it.

            -d, --envdir DIR
               One variable per regular file in DIR: the file name is the name, its first
               line the value, trailing whitespace removed. An empty file or blank first
               line removes the variable. Dot files, symbolic links and other non-regular
               files are ignored.

            -f, --file FILE
               NAME=VALUE lines, trimmed; blank lines and lines starting with # are skipped.
               NAME= or a bare NAME removes the variable. No $VARIABLE expansion.

            -h, --help
               Print this help and exit.

            --  ends the options: the next word is the command even if it starts with '-'.

            Exit status: the command's own (it replaces denv), or 111 when the options are
            wrong, a -d or -f cannot be read, or the command cannot be executed.
            """;

    DenvArguments {
        steps = List.copyOf(steps);
        command = List.copyOf(command);
    }

    /** Parses the arguments; a missing command is the caller's to report (after --help). */
    static DenvArguments parse(List<String> args) throws DenvException {
        List<EnvStep> steps = new ArrayList<>();
        int i = 0;
        while (i < args.size()) {
            String word = args.get(i);
            if (word.equals("--")) {
                i++;
                break;
            }
            String option = optionName(word);
            if (option == null) {
                break;
            }
            if (option.equals("help")) {
                return new DenvArguments(steps, List.of(), true);
            }
            if (option.equals("inherit-env")) {
                steps.add(new EnvStep.InheritAll());
                i++;
                continue;
            }
            if (i + 1 >= args.size()) {
                throw new DenvException("missing argument: '" + word + "'");
            }
            steps.add(step(option, args.get(i + 1)));
            i += 2;
        }
        return new DenvArguments(steps, args.subList(i, args.size()), false);
    }

    /** denv's options, letter and long name: what {@link #optionName} reads and the man page names. */
    private static final Map<Character, String> OPTIONS = orderedOptions();

    private static Map<Character, String> orderedOptions() {
        Map<Character, String> options = new LinkedHashMap<>();
        options.put('I', "inherit-env");
        options.put('i', "inherit");
        options.put('E', "environ");
        options.put('d', "envdir");
        options.put('f', "file");
        options.put('h', "help");
        return Collections.unmodifiableMap(options);
    }

    /** Every option, each as {@code -x} and {@code --long}. */
    static List<String> optionSpellings() {
        List<String> out = new ArrayList<>();
        OPTIONS.forEach((letter, name) -> {
            out.add("-" + letter);
            out.add("--" + name);
        });
        return out;
    }

    /** The long name of the option this word is, null when it starts the command. */
    private static String optionName(String word) throws DenvException {
        String name;
        if (word.length() == 2 && word.charAt(0) == '-' && word.charAt(1) != '-') {
            name = OPTIONS.get(word.charAt(1));
        } else if (word.length() > 2 && word.startsWith("--")) {
            name = OPTIONS.containsValue(word.substring(2)) ? word.substring(2) : null;
        } else {
            return null;
        }
        if (name == null) {
            throw new DenvException("no such option: '" + word + "'");
        }
        return name;
    }

    private static EnvStep step(String option, String arg) throws DenvException {
        if (arg.isEmpty() && (option.equals("envdir") || option.equals("file"))) {
            // Path.of("") is the current directory; to open(2) it names nothing.
            throw new DenvException("Cannot open '': No such file or directory.");
        }
        return switch (option) {
            case "inherit" -> new EnvStep.Inherit(arg);
            case "environ" -> environ(arg);
            case "envdir" -> new EnvStep.ReadDirectory(Path.of(arg));
            case "file" -> new EnvStep.ReadFile(Path.of(arg));
            default -> throw new IllegalStateException(option);
        };
    }

    /** {@code NAME=VALUE} sets (an empty VALUE too, as DMon's -E does); {@code NAME} removes. */
    private static EnvStep environ(String arg) throws DenvException {
        int eq = arg.indexOf('=');
        String name = eq < 0 ? arg : arg.substring(0, eq);
        if (name.isEmpty()) {
            throw new DenvException("Invalid variable name in '-E " + arg + "'.");
        }
        return eq < 0 ? new EnvStep.Remove(name) : new EnvStep.Assign(name, arg.substring(eq + 1));
    }
}
