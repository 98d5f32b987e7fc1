package io.hookline.testkit;

import io.hookline.common.HooklineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A private key and its certificate chain (leaf first), made by a {@link TestCertificateAuthority}:
 * to serve TLS with, or to present as a client. It writes itself as PEM, the way an operator
 * would hand it to Hookline.
 *
 * @param key   the leaf's private key
 * @param chain the leaf certificate, then its issuers
 */
public record IssuedCertificate(PrivateKey key, List<X509Certificate> chain) {
    private static final Base64.Encoder PEM_BASE64 = Base64.getMimeEncoder(64, new byte[] {'\n'});

    public IssuedCertificate {
        Objects.requireNonNull(key, "key");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain needs at least the leaf");
        }
    }

    /** The leaf certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** Writes the chain as PEM ({@code -----BEGIN CERTIFICATE-----} blocks, leaf first) to {@code file}. */
    public Path writeChainPem(Path file) {
        return writePem(file, chain);
    }

    /** Writes the private key as unencrypted PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}) to {@code file}. */
    public Path writeKeyPem(Path file) {
        return write(file, pem("PRIVATE KEY", key.getEncoded()));
    }

    /** Writes {@code certificates} as a PEM bundle to {@code file}: a CA bundle, for instance. */
    public static Path writePem(Path file, List<X509Certificate> certificates) {
        StringBuilder pem = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            try {
                pem.append(pem("CERTIFICATE", certificate.getEncoded()));
            } catch (GeneralSecurityException e) {
                throw new HooklineException("cannot encode a test certificate: " + e.getMessage(), e);
            }
        }
        return write(file, pem.toString());
    }

    /** An in-memory PKCS#12 key store holding the key and chain under the alias {@code key}. */
    public KeyStore keyStore(char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("key", key, password, chain.toArray(Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new HooklineException("cannot make a key store: " + e.getMessage(), e);
        }
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "IssuedCertificate[" + certificate().getSubjectX500Principal().getName() + ", chain of " + chain.size()
                + "]";
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + PEM_BASE64.encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new HooklineException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
