/**
 * The audit log: one JSON line per mutating call and per refused call, saying who (the principal),
 * from where, what (the method and the jobs, selector or gate it names) and how it ended. Never a
 * secret: a run is recorded by its program's name, not its arguments or environment.
 */
package io.dmon.coordinator.audit;
