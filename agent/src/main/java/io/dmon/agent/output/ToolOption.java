package io.dmon.agent.output;

import io.dmon.spec.OptionScanner;

/**
 * One option of a log tool, for the {@link OptionScanner} that reads dmon's own options too.
 *
 * @param letter     its short name, {@code -letter}
 * @param longName   its long name, {@code --longName}
 * @param takesValue true when the next word is its value, false for a flag
 */
record ToolOption(char letter, String longName, boolean takesValue) implements OptionScanner.Option {
    /** {@code -h}/{@code --help}, which every tool has. */
    static final ToolOption HELP = new ToolOption('h', "help", false);

    /** A flag that {@code --no-NAME} can turn off; help is no flag to turn off. */
    @Override
    public boolean negatable() {
        return !takesValue && this != HELP;
    }
}
