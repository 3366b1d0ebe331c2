/**
 * Mutual TLS 1.3 for every gRPC hop: {@link io.dmon.trust.tls.MutualTls} makes the server and
 * channel credentials from a {@link io.dmon.trust.tls.TlsMaterial}, which follows a node's
 * {@code --tls-dir} so that certificates rotate without a restart. The peer's principal is
 * checked here only as far as the handshake needs (a dmon principal at all; a coordinator for
 * clients); what each principal may call is the server's interceptors' business.
 */
package io.dmon.trust.tls;
