package io.hookline.dispatcher.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.common.HooklineException;
import io.hookline.testkit.IssuedCertificate;
import io.hookline.testkit.TestCertificateAuthority;
import io.hookline.testkit.TestCertificateAuthority.KeyType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {
    private static final TestCertificateAuthority CA = TestCertificateAuthority.create("Hookline test PEM CA");
    private static final String SETTING = "http.tls.ca.file";

    @TempDir
    Path dir;

    @Test
    void readsEveryCertificateOfABundleIgnoringTextAroundThem() throws Exception {
        IssuedCertificate server = CA.issueServer("hooks.test");
        Path chain = server.writeChainPem(dir.resolve("chain.pem"));
        // as in distributions' bundles: comments, a key block and non-ASCII text between certificates
        Path bundle = Files.writeString(dir.resolve("bundle.pem"), "# Issuer: CN=Zoë's CA\n"
                + Files.readString(chain).replace("-----END CERTIFICATE-----\n",
                        "-----END CERTIFICATE-----\n\n# next\n")
                + "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

        assertEquals(server.chain(), PemFiles.certificates(SETTING, bundle));
    }

    @Test
    void refusesAFileWithoutCertificatesNamingTheSettingAndFile() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "nothing here\n");
        HooklineException e = assertThrows(HooklineException.class, () -> PemFiles.certificates(SETTING, empty));
        assertEquals(SETTING + ": " + empty + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
                e.getMessage());

        Path missing = dir.resolve("missing.pem");
        assertEquals(SETTING + ": cannot read " + missing + ": NoSuchFileException", assertThrows(
                HooklineException.class, () -> PemFiles.certificates(SETTING, missing)).getMessage());
    }

    @Test
    void readsPkcs8KeysOfEveryCommonAlgorithm() {
        for (KeyType type : KeyType.values()) {
            IssuedCertificate client = CA.issueClient("client-" + type, type);
            Path key = client.writeKeyPem(dir.resolve(type + ".key"));
            PrivateKey read = PemFiles.privateKey("http.tls.client.key.file", key, client.certificate());
            assertEquals(client.key(), read, type.name());
        }
    }

    @Test
    void refusesAKeyOfAnotherCertificate() {
        IssuedCertificate client = CA.issueClient("client");
        IssuedCertificate other = CA.issueClient("other");
        Path key = other.writeKeyPem(dir.resolve("other.key"));

        HooklineException e = assertThrows(HooklineException.class,
                () -> PemFiles.privateKey("http.tls.client.key.file", key, client.certificate()));
        assertEquals("http.tls.client.key.file: the key in " + key + " does not belong to the client certificate",
                e.getMessage());
        assertNoKeyMaterial(e, other);

        Path rsa = CA.issueClient("rsa", KeyType.RSA).writeKeyPem(dir.resolve("rsa.key"));
        HooklineException wrongAlgorithm = assertThrows(HooklineException.class,
                () -> PemFiles.privateKey("http.tls.client.key.file", rsa, client.certificate()));
        assertEquals("http.tls.client.key.file: " + rsa + " holds no EC private key, the algorithm of the "
                + "certificate's key", wrongAlgorithm.getMessage());
    }

    @Test
    void refusesKeyFormsTheJdkCannotReadWithTheCommandThatConvertsThem() throws Exception {
        IssuedCertificate client = CA.issueClient("client");
        for (String type : List.of("RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY")) {
            Path key = Files.writeString(dir.resolve("legacy.key"), "-----BEGIN " + type + "-----\n"
                    + Base64.getMimeEncoder().encodeToString(client.key().getEncoded()) + "\n-----END " + type
                    + "-----\n");
            HooklineException e = assertThrows(HooklineException.class,
                    () -> PemFiles.privateKey("http.tls.client.key.file", key, client.certificate()));
            assertTrue(e.getMessage().endsWith(", not an unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----); "
                    + "convert it with `openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8`"), e.getMessage());
            assertNoKeyMaterial(e, client);
        }
    }

    private static void assertNoKeyMaterial(Exception e, IssuedCertificate certificate) {
        String encoded = Base64.getEncoder().encodeToString(certificate.key().getEncoded());
        assertFalse(e.getMessage().contains(encoded.substring(0, 16)), "no key bytes in: " + e.getMessage());
    }
}
