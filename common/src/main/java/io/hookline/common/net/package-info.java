/**
 * The SSRF guard's pure parts: which addresses a webhook may be sent to
 * ({@link io.hookline.common.net.AddressPolicy}, {@link io.hookline.common.net.Cidr}), how a
 * webhook URL is read in every notation ({@link io.hookline.common.net.EndpointUrl}), and the
 * publish-time check ({@link io.hookline.common.net.UrlGuard}). The dispatcher checks again
 * when it connects, with the same {@link io.hookline.common.net.EgressPolicy}.
 */
package io.hookline.common.net;
