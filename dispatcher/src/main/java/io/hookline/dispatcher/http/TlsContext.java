package io.hookline.dispatcher.http;

import io.hookline.common.HooklineException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The JDK {@link SSLContext} that {@link TlsSettings} describe: one trust store with the JDK's
 * default authorities (unless the CA file replaces them) and the CA file's certificates, and
 * the client certificate's key manager when there is one. Certificate paths are checked by
 * the JDK's PKIX trust manager, host names by the JDK too (endpoint identification
 * {@code HTTPS}, which the TLS strategy turns on).
 *
 * <p>One trust store rather than two trust managers tried in turn: the JDK's trust manager
 * also checks host names and algorithm constraints, which a hand-made composite would have to
 * repeat exactly.
 */
record TlsContext(SSLContext context, String description) {
    static final String CA_FILE = "http.tls.ca.file";
    static final String CLIENT_CERT_FILE = "http.tls.client.cert.file";
    static final String CLIENT_KEY_FILE = "http.tls.client.key.file";
    /** Protects the in-memory key store only, which never leaves this class: no secret. */
    private static final char[] IN_MEMORY = "in-memory".toCharArray();

    /**
     * Reads the files of {@code settings} and builds the context.
     *
     * @throws HooklineException naming the setting and file when one cannot be used
     */
    static TlsContext of(TlsSettings settings) {
        List<X509Certificate> defaults = settings.caFileOnly() ? List.of() : defaultAuthorities();
        List<X509Certificate> added = settings.caFile().map(file -> PemFiles.certificates(CA_FILE, file))
                .orElse(List.of());
        List<X509Certificate> trusted = new ArrayList<>(defaults);
        trusted.addAll(added);
        KeyManager[] keyManagers = null;
        String client = "no client certificate";
        if (settings.clientCertFile().isPresent()) {
            Path certFile = settings.clientCertFile().get();
            List<X509Certificate> chain = PemFiles.certificates(CLIENT_CERT_FILE, certFile);
            PrivateKey key = PemFiles.privateKey(CLIENT_KEY_FILE, settings.clientKeyFile().orElseThrow(), chain.get(0));
            keyManagers = keyManagers(key, chain);
            client = "client certificate " + chain.get(0).getSubjectX500Principal().getName();
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trustManagers(trusted), null);
            List<String> trust = new ArrayList<>();
            if (!settings.caFileOnly()) {
                trust.add(defaults.size() + " default authorities");
            }
            settings.caFile().ifPresent(file -> trust.add(added.size() + " from " + file));
            return new TlsContext(context, "TLS 1.2+ verifying certificates and host names, trusting "
                    + String.join(" + ", trust) + ", " + client);
        } catch (GeneralSecurityException e) {
            throw new HooklineException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** For the line the client logs at start: what is trusted and presented, no key material. */
    @Override
    public String toString() {
        return description;
    }

    /** The authorities the JDK trusts by default: its cacerts, or javax.net.ssl.trustStore when set. */
    static List<X509Certificate> defaultAuthorities() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return List.of(x509.getAcceptedIssuers());
                }
            }
            throw new HooklineException("the JDK has no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new HooklineException("cannot read the JDK's trusted authorities: " + e.getMessage(), e);
        }
    }

    private static TrustManager[] trustManagers(List<X509Certificate> trusted) throws GeneralSecurityException {
        KeyStore store = emptyStore();
        for (int i = 0; i < trusted.size(); i++) {
            store.setCertificateEntry("ca-" + i, trusted.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    private static KeyManager[] keyManagers(PrivateKey key, List<X509Certificate> chain) {
        try {
            KeyStore store = emptyStore();
            store.setKeyEntry("client", key, IN_MEMORY, chain.toArray(Certificate[]::new));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, IN_MEMORY);
            return factory.getKeyManagers();
        } catch (GeneralSecurityException e) {
            throw new HooklineException(CLIENT_CERT_FILE + ": cannot use the client certificate: " + e.getMessage());
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            return store;
        } catch (IOException e) {
            throw new IllegalStateException("an empty in-memory key store cannot fail to load", e);
        }
    }
}
