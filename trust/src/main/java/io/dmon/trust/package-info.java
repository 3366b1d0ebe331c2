/**
 * Who is on the other end of a gRPC hop. A fleet's identities are X.509 certificates signed by
 * the fleet's own CA; each names one {@link io.dmon.trust.Principal} in a URI subject alternative
 * name ({@code dmon://agent/mail1}, {@code dmon://operator/alice}), and its {@link
 * io.dmon.trust.Role} decides what it may do. This module knows certificates and TLS; it knows
 * nothing of jobs, Hazelcast or the RPCs it protects.
 */
package io.dmon.trust;
