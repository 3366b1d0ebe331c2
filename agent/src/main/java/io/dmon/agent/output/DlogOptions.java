package io.dmon.agent.output;

import java.nio.file.Path;

/**
 * What dlog was asked to do.
 *
 * @param file where to append, or null for standard output
 * @param timestamp {@code -t}: stamp each line with {@code YYYY-mm-dd/HH:MM:SS} (UTC)
 * @param prefix {@code -p TEXT}: put TEXT (and a space) before each line, after the stamp; null for none
 * @param skipEmpty {@code -e}: drop empty lines
 * @param buffered {@code -b}: do not fsync after each batch of lines
 */
public record DlogOptions(Path file, boolean timestamp, String prefix, boolean skipEmpty, boolean buffered) {
}
