package io.hookline.dispatcher.http;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Whom deliveries trust and what they present over TLS. Certificates and host names are always
 * verified, and only TLS 1.2 and 1.3 are spoken; these settings only add trust and a client
 * certificate, never take verification away.
 *
 * @param caFile         PEM certificates trusted as issuers of endpoints' certificates, for
 *                       private PKI: added to the JDK's default trusted authorities
 * @param caFileOnly     trust only the certificates of {@code caFile}, not the JDK's defaults
 * @param clientCertFile PEM certificate chain (leaf first) presented to endpoints that ask for
 *                       one (mutual TLS); given together with {@code clientKeyFile}
 * @param clientKeyFile  the unencrypted PKCS#8 PEM private key of {@code clientCertFile}
 */
public record TlsSettings(Optional<Path> caFile, boolean caFileOnly, Optional<Path> clientCertFile,
                          Optional<Path> clientKeyFile) {
    /** The JDK's trusted authorities, no client certificate. */
    public static final TlsSettings DEFAULT = new TlsSettings(Optional.empty(), false, Optional.empty(),
            Optional.empty());

    public TlsSettings {
        Objects.requireNonNull(caFile, "caFile");
        Objects.requireNonNull(clientCertFile, "clientCertFile");
        Objects.requireNonNull(clientKeyFile, "clientKeyFile");
        if (caFileOnly && caFile.isEmpty()) {
            throw new IllegalArgumentException("trusting only the CA file needs a CA file");
        }
        if (clientCertFile.isPresent() != clientKeyFile.isPresent()) {
            throw new IllegalArgumentException("a client certificate needs its key, and a key its certificate");
        }
    }

    /** These settings, trusting the certificates of {@code file} too (or only them, if {@code only}). */
    public TlsSettings trusting(Path file, boolean only) {
        return new TlsSettings(Optional.of(file), only, clientCertFile, clientKeyFile);
    }

    /** These settings, presenting the certificate chain of {@code certFile} with the key of {@code keyFile}. */
    public TlsSettings presenting(Path certFile, Path keyFile) {
        return new TlsSettings(caFile, caFileOnly, Optional.of(certFile), Optional.of(keyFile));
    }
}
