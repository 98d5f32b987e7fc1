package io.hookline.dispatcher.http;

import io.hookline.common.HooklineException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM files an operator hands the dispatcher, with the JDK alone: certificates
 * ({@code -----BEGIN CERTIFICATE-----} blocks, as many as a bundle holds, text between them
 * ignored) and one unencrypted PKCS#8 private key ({@code -----BEGIN PRIVATE KEY-----}), the
 * form OpenSSL 1.0+ and most tools write. Other key forms are refused with the command that
 * converts them. Messages name the setting and the file, never a byte of a key.
 */
final class PemFiles {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----");
    /** Key forms the JDK cannot read without a PEM library, and how to turn each into PKCS#8. */
    private static final Map<String, String> CONVERTIBLE = Map.of(
            "RSA PRIVATE KEY", "a PKCS#1 RSA key",
            "EC PRIVATE KEY", "a SEC1 EC key",
            "ENCRYPTED PRIVATE KEY", "an encrypted key");
    private static final String TO_PKCS8 = "convert it with `openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8`";
    /** Signature algorithms that prove a key belongs to a certificate, by key algorithm. */
    private static final Map<String, String> PROOF = Map.of(
            "RSA", "SHA256withRSA",
            "EC", "SHA256withECDSA",
            "EdDSA", "EdDSA",
            "Ed25519", "Ed25519",
            "Ed448", "Ed448");

    private PemFiles() {
    }

    /**
     * Every certificate in {@code file}, in order.
     *
     * @param setting the setting that named the file, for messages
     * @throws HooklineException if the file cannot be read or holds no certificate
     */
    static List<X509Certificate> certificates(String setting, Path file) {
        List<X509Certificate> certificates = new ArrayList<>();
        Matcher block = BLOCK.matcher(read(setting, file));
        CertificateFactory factory = x509();
        while (block.find()) {
            if (!block.group(1).equals("CERTIFICATE")) {
                continue;
            }
            try {
                certificates.add((X509Certificate) factory.generateCertificate(
                        new ByteArrayInputStream(decode(setting, file, block.group(2)))));
            } catch (CertificateException e) {
                throw new HooklineException(setting + ": certificate " + (certificates.size() + 1) + " in " + file
                        + " is not a valid X.509 certificate: " + e.getMessage());
            }
        }
        if (certificates.isEmpty()) {
            throw new HooklineException(setting + ": " + file + " holds no PEM certificate "
                    + "(-----BEGIN CERTIFICATE-----)");
        }
        return certificates;
    }

    /**
     * The private key in {@code file}, which must belong to {@code certificate}: checked by
     * signing with the key and verifying with the certificate, so that a mismatched pair fails
     * at start, not at every handshake.
     *
     * @param setting the setting that named the file, for messages
     * @throws HooklineException if the file holds no unencrypted PKCS#8 key, or another certificate's key
     */
    static PrivateKey privateKey(String setting, Path file, X509Certificate certificate) {
        Matcher block = BLOCK.matcher(read(setting, file));
        while (block.find()) {
            String type = block.group(1);
            if (CONVERTIBLE.containsKey(type)) {
                throw new HooklineException(setting + ": " + file + " holds " + CONVERTIBLE.get(type)
                        + ", not an unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----); " + TO_PKCS8);
            }
            if (type.equals("PRIVATE KEY")) {
                byte[] der = decode(setting, file, block.group(2));
                PrivateKey key = parse(setting, file, der, certificate.getPublicKey());
                requireMatch(setting, file, key, certificate.getPublicKey());
                return key;
            }
        }
        throw new HooklineException(setting + ": " + file + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
    }

    private static PrivateKey parse(String setting, Path file, byte[] der, PublicKey certified) {
        String algorithm = certified.getAlgorithm();
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new HooklineException(setting + ": " + file + " holds no " + algorithm + " private key, the "
                    + "algorithm of the certificate's key");
        }
    }

    private static void requireMatch(String setting, Path file, PrivateKey key, PublicKey certified) {
        String algorithm = PROOF.get(key.getAlgorithm());
        if (algorithm == null) {
            return; // a rare algorithm (RSASSA-PSS, …): the handshake will tell
        }
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certified);
            verifier.update(challenge);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new HooklineException(setting + ": the key in " + file + " does not belong to the client "
                    + "certificate");
        }
    }

    private static String read(String setting, Path file) {
        try {
            // ISO-8859-1 maps every byte: comments in a bundle may be UTF-8, the PEM itself is ASCII
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new HooklineException(setting + ": cannot read " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null || e.getMessage().equals(file.toString()) ? "" : " " + e.getMessage()));
        }
    }

    private static byte[] decode(String setting, Path file, String base64) {
        try {
            return Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new HooklineException(setting + ": " + file + " has a PEM block that is not valid base64");
        }
    }

    private static CertificateFactory x509() {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("every JDK reads X.509", e);
        }
    }
}
