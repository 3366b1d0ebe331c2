package io.dmon.agent.supervise;

/**
 * A started process as the transition function sees it: facts only, no handle. The driver keeps
 * the handle under {@code serial}, which tells one start from the next even when a pid is reused.
 *
 * @param groupLeader true when it leads its own process group
 * @param execErrno   0, or why the program could not be executed (it then exits 111)
 */
record Proc(long serial, int pid, long startTime, boolean groupLeader, int execErrno) {
}
