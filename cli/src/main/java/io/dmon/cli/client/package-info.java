/**
 * The gRPC side of dmonctl: {@link io.dmon.cli.client.OperatorClient} owns a channel per
 * coordinator and the failover between them, {@link io.dmon.cli.client.OperatorChannelFactory} decides
 * transport and credentials, and failed calls become one-line errors with distinct exit statuses.
 */
package io.dmon.cli.client;
