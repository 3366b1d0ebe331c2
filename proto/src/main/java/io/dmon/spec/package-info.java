/**
 * dmon's option grammar and the job model it produces: {@link io.dmon.spec.JobSpecParser} reads
 * {@code DMON_OPTIONS}, a {@code -C} file and the command line into a {@link io.dmon.spec.JobSpec}
 * exactly where DMon 0.6 would accept them, and refuses the rest with a one-line
 * {@link io.dmon.spec.SpecException}; {@link io.dmon.spec.DmonUsage} holds the help texts. Also the
 * time, size and word-splitting rules the other DMon tools share. No I/O beyond reading a
 * {@code -C} file through {@link io.dmon.spec.ConfigFileReader}.
 */
package io.dmon.spec;
