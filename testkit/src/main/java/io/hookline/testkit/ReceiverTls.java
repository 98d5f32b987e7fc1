package io.hookline.testkit;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link WebhookReceiver} serves TLS: with which certificate, whether it requires client
 * certificates (mutual TLS) and from which issuers, and which protocol versions it speaks.
 *
 * @param certificate   what the receiver presents
 * @param clientIssuers issuers whose client certificates are required; empty: none asked for
 * @param protocols     protocol versions offered, like {@code TLSv1.2}; empty: Jetty's defaults
 */
public record ReceiverTls(IssuedCertificate certificate, List<X509Certificate> clientIssuers,
                          List<String> protocols) {
    public ReceiverTls {
        Objects.requireNonNull(certificate, "certificate");
        clientIssuers = List.copyOf(clientIssuers);
        protocols = List.copyOf(protocols);
    }

    /** Serves {@code certificate}, asks for no client certificate, speaks Jetty's default versions. */
    public static ReceiverTls serving(IssuedCertificate certificate) {
        return new ReceiverTls(certificate, List.of(), List.of());
    }

    /** The same, refusing every client without a certificate issued by {@code authority}. */
    public ReceiverTls requiringClientCertificatesFrom(TestCertificateAuthority authority) {
        return new ReceiverTls(certificate, List.of(authority.certificate()), protocols);
    }

    /** The same, speaking only {@code versions}. */
    public ReceiverTls onlyProtocols(String... versions) {
        return new ReceiverTls(certificate, clientIssuers, List.of(versions));
    }
}
