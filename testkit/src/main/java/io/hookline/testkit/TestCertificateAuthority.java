package io.hookline.testkit;

import io.hookline.common.HooklineException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate authority for TLS tests, made in memory when a test runs (with
 * BouncyCastle), so no key or certificate is kept in the repository and none expires: it
 * issues server certificates for the names and addresses a test connects to, and client
 * certificates for mutual TLS. Nothing it makes is trusted anywhere but in the test that
 * made it.
 *
 * <p>Certificates are valid from an hour ago (clock skew) for a day; keys are EC P-256
 * unless a test asks for RSA.
 */
public final class TestCertificateAuthority {
    private static final Duration BACKDATED = Duration.ofHours(1);
    private static final Duration VALIDITY = Duration.ofDays(1);
    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

    /** Key algorithms the issued certificates may have. */
    public enum KeyType {
        EC, RSA
    }

    /** The root: the authority's key and its self-signed certificate, the whole chain. */
    private final IssuedCertificate root;

    private TestCertificateAuthority(IssuedCertificate root) {
        this.root = root;
    }

    /** A new authority with a self-signed root certificate named {@code CN=<name>}. */
    public static TestCertificateAuthority create(String name) {
        X500Name subject = new X500Name("CN=" + name);
        KeyPair keys = generate(KeyType.EC);
        X509Certificate root = sign(builder(subject, subject, keys.getPublic())
                .with(Extension.basicConstraints, new BasicConstraints(true))
                .with(Extension.keyUsage, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)), keys.getPrivate());
        return new TestCertificateAuthority(new IssuedCertificate(keys.getPrivate(), List.of(root)));
    }

    /**
     * A certificate signed by itself, not by any authority, for {@code names} (host names or IP
     * literals): what a private endpoint without a PKI serves.
     */
    public static IssuedCertificate selfSigned(String... names) {
        X500Name subject = new X500Name("CN=" + names[0]);
        KeyPair keys = generate(KeyType.EC);
        X509Certificate certificate = sign(builder(subject, subject, keys.getPublic())
                .with(Extension.subjectAlternativeName, alternativeNames(names))
                .with(Extension.extendedKeyUsage, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth)),
                keys.getPrivate());
        return new IssuedCertificate(keys.getPrivate(), List.of(certificate));
    }

    /** The authority's own (root) certificate: what a client or server trusts to trust what it issues. */
    public X509Certificate certificate() {
        return root.certificate();
    }

    private X500Name name() {
        return X500Name.getInstance(certificate().getSubjectX500Principal().getEncoded());
    }

    /** A server certificate for {@code names}: host names ({@code hooks.test}) or IP literals ({@code 127.0.0.1}). */
    public IssuedCertificate issueServer(String... names) {
        if (names.length == 0) {
            throw new IllegalArgumentException("a server certificate needs at least one name");
        }
        KeyPair leaf = generate(KeyType.EC);
        X509Certificate issued = sign(builder(name(), new X500Name("CN=" + names[0]), leaf.getPublic())
                .with(Extension.basicConstraints, new BasicConstraints(false))
                .with(Extension.subjectAlternativeName, alternativeNames(names))
                .with(Extension.extendedKeyUsage, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth)),
                root.key());
        return new IssuedCertificate(leaf.getPrivate(), List.of(issued, certificate()));
    }

    /** A client certificate named {@code CN=<clientName>}, for endpoints that require mutual TLS. */
    public IssuedCertificate issueClient(String clientName, KeyType keyType) {
        KeyPair leaf = generate(keyType);
        X509Certificate issued = sign(builder(name(), new X500Name("CN=" + clientName), leaf.getPublic())
                .with(Extension.basicConstraints, new BasicConstraints(false))
                .with(Extension.extendedKeyUsage, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth)),
                root.key());
        return new IssuedCertificate(leaf.getPrivate(), List.of(issued, certificate()));
    }

    /** A client certificate with an EC key. */
    public IssuedCertificate issueClient(String clientName) {
        return issueClient(clientName, KeyType.EC);
    }

    @Override
    public String toString() {
        return "test certificate authority " + name();
    }

    /** A certificate builder that reads as a list of extensions; checked exceptions of BouncyCastle wrapped. */
    private static final class Builder {
        private final X509v3CertificateBuilder builder;

        Builder(X509v3CertificateBuilder builder) {
            this.builder = builder;
        }

        Builder with(ASN1ObjectIdentifier oid, ASN1Encodable value) {
            try {
                // critical as CAs mark them: a verifier must understand these two to use the certificate
                builder.addExtension(oid, oid.equals(Extension.basicConstraints) || oid.equals(Extension.keyUsage),
                        value);
            } catch (CertIOException e) {
                throw new HooklineException("cannot add extension " + oid + ": " + e.getMessage(), e);
            }
            return this;
        }
    }

    private static Builder builder(X500Name issuer, X500Name subject, PublicKey key) {
        Instant now = Instant.now();
        return new Builder(new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIALS.incrementAndGet()),
                Date.from(now.minus(BACKDATED)), Date.from(now.plus(VALIDITY)), subject, key));
    }

    private static X509Certificate sign(Builder builder, PrivateKey issuerKey) {
        String algorithm = issuerKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKey)));
        } catch (OperatorCreationException | CertificateException e) {
            throw new HooklineException("cannot sign a test certificate: " + e.getMessage(), e);
        }
    }

    private static GeneralNames alternativeNames(String... names) {
        List<GeneralName> alternatives = new ArrayList<>();
        for (String name : names) {
            boolean ip = name.contains(":") || name.matches("[0-9.]+");
            alternatives.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, name));
        }
        return new GeneralNames(alternatives.toArray(GeneralName[]::new));
    }

    private static KeyPair generate(KeyType type) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(type.name());
            if (type == KeyType.EC) {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new HooklineException("cannot generate a test key pair: " + e.getMessage(), e);
        }
    }
}
