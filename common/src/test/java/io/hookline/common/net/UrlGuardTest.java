package io.hookline.common.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UrlGuardTest {
    /** What the fake DNS answers; names not listed do not resolve. */
    private static final Map<String, List<String>> DNS = Map.ofEntries(
            Map.entry("hooks.example.com", List.of("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946")),
            Map.entry("localhost", List.of("127.0.0.1", "::1")),
            Map.entry("metadata.google.internal", List.of("169.254.169.254")),
            Map.entry("instance-data.ec2.internal", List.of("169.254.169.254")),
            Map.entry("127.0.0.1.nip.io", List.of("127.0.0.1")),
            Map.entry("169.254.169.254.nip.io", List.of("169.254.169.254")),
            Map.entry("7f000001.a9fea9fe.rbndr.us", List.of("127.0.0.1")),
            Map.entry("half-inside.example", List.of("93.184.216.34", "10.0.0.7")),
            Map.entry("ipv6-inside.example", List.of("2606:2800:220:1::1", "fd00::7")),
            Map.entry("mapped.example", List.of("::ffff:192.168.1.1")),
            Map.entry("nat64.example", List.of("64:ff9b::a9fe:a9fe")),
            Map.entry("xn--bcher-kva.example", List.of("93.184.216.34")));

    private final List<String> lookedUp = new ArrayList<>();
    private final HostResolver dns = host -> {
        lookedUp.add(host);
        List<String> answer = DNS.get(host);
        if (answer == null) {
            throw new UnknownHostException(host);
        }
        List<InetAddress> addresses = new ArrayList<>();
        for (String address : answer) {
            addresses.add(InetAddress.getByName(address));
        }
        return addresses;
    };

    /** Plain http allowed, so that each refusal below is the address rule. */
    private final UrlGuard guard = new UrlGuard(new EgressPolicy(AddressPolicy.strict(), true), dns);

    @ParameterizedTest(name = "{0} is refused by {1}")
    @CsvSource({
        "http://127.0.0.1/, loopback",
        "http://127.0.0.1:6379/, loopback",
        "http://127.1/, loopback",
        "http://127.000.000.001/, loopback",
        "http://0177.0.0.1/, loopback",
        "http://0x7f.0.0.1/, loopback",
        "http://0x7f000001/, loopback",
        "http://2130706433/, loopback",
        "http://017700000001/, loopback",
        "http://127.0.0.1./, loopback",
        "http://[::1]/, loopback",
        "http://[0:0:0:0:0:0:0:1]:8080/, loopback",
        "http://[::ffff:127.0.0.1]/, loopback",
        "http://[::ffff:7f00:1]/, loopback",
        "http://localhost/, loopback",
        "http://LOCALHOST./, loopback",
        "http://ｌｏｃａｌｈｏｓｔ/, loopback",
        "http://%6c%6f%63%61%6c%68%6f%73%74/, loopback",
        "http://①②⑦.0.0.1/, loopback",
        "http://127。0。0。1/, loopback",
        "http://127.0.0.1.nip.io/, loopback",
        "http://7f000001.a9fea9fe.rbndr.us/, loopback",
        "http://169.254.169.254/latest/meta-data/, cloud-metadata",
        "http://2852039166/, cloud-metadata",
        "http://0xA9FEA9FE/, cloud-metadata",
        "http://0251.0376.0251.0376/, cloud-metadata",
        "http://169.254.43518/, cloud-metadata",
        "http://[::ffff:a9fe:a9fe]/, cloud-metadata",
        "http://[fd00:ec2::254]/latest/meta-data/, cloud-metadata",
        "http://100.100.100.200/latest/meta-data/, cloud-metadata",
        "http://168.63.129.16/machine?comp=goalstate, cloud-metadata",
        "http://169.254.170.2/v2/credentials, cloud-metadata",
        "http://metadata.google.internal/computeMetadata/v1/, cloud-metadata",
        "http://instance-data.ec2.internal/, cloud-metadata",
        "http://169.254.169.254.nip.io/, cloud-metadata",
        "http://10.0.0.1/, private",
        "http://012.0.0.1/, private",
        "http://172.16.0.1:8443/admin, private",
        "http://192.168.1.1/, private",
        "http://[fd12:3456::1]/, private",
        "http://[fc00::1]/, private",
        "http://half-inside.example/, private",
        "http://ipv6-inside.example/, private",
        "http://mapped.example/, private",
        "http://169.254.1.1/, link-local",
        "http://[fe80::1]/, link-local",
        "http://[fe80::1%25eth0]/, link-local",
        "http://100.64.0.1/, cgnat",
        "http://0.0.0.0:8080/, this-network",
        "http://0/, this-network",
        "http://[::]/, unspecified",
        "http://255.255.255.255/, broadcast",
        "http://224.0.0.251/, multicast",
        "http://[ff02::1]/, multicast",
        "http://192.0.2.1/, documentation",
        "http://[2001:db8::1]/, documentation",
        "http://198.18.0.1/, benchmarking",
        "http://240.0.0.1/, reserved",
        "http://[64:ff9b::7f00:1]/, nat64/loopback",
        "http://[64:ff9b::a9fe:a9fe]/, nat64/cloud-metadata",
        "http://nat64.example/, nat64/cloud-metadata",
        "http://[64:ff9b:1::a00:1]/, nat64-local-use",
        "http://[2002:7f00:1::]/, 6to4/loopback",
        "http://[2002:a9fe:a9fe::]/, 6to4/cloud-metadata",
        "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/, teredo/loopback",
        "http://[::7f00:1]/, ipv4-compatible/loopback",
        "http://[::127.0.0.1]/, ipv4-compatible/loopback",
    })
    void refusesHostileUrlsNamingTheRule(String url, String rule) {
        UrlCheck.Refused refused = assertInstanceOf(UrlCheck.Refused.class, guard.check(url));

        assertEquals(rule, refused.rule());
        assertTrue(refused.message().startsWith("url refused by rule " + rule + ": host "), refused.message());
        assertEquals(1, refused.message().lines().count());
    }

    @Test
    void theMessageSaysWhatTheHostWasAndIs() {
        assertEquals(new UrlCheck.Refused("loopback", "url refused by rule loopback: host 0177.1 is 127.0.0.1 "
                + "(http.allow.cidrs allows address ranges on purpose)"), guard.check("http://0177.1/x?token=s3cr3t"));
        assertEquals(new UrlCheck.Refused("cloud-metadata", "url refused by rule cloud-metadata: host "
                + "metadata.google.internal resolves to 169.254.169.254 (http.allow.cidrs allows address ranges on "
                + "purpose)"), guard.check("http://metadata.google.internal/computeMetadata/v1/"));
    }

    @Test
    void neverLooksUpALiteral() {
        guard.check("http://2852039166/");
        guard.check("http://[::1]/");
        guard.check("https://93.184.216.34/");

        assertEquals(List.of(), lookedUp);
    }

    @Test
    void acceptsAPublicHostInItsNormalizedForm() throws Exception {
        UrlCheck.Accepted accepted = assertInstanceOf(UrlCheck.Accepted.class,
                guard.check("https://Hooks.Example.COM.:443/in?x=1"));

        assertEquals(URI.create("https://hooks.example.com/in?x=1"), accepted.url());
        assertEquals(List.of(InetAddress.getByName("93.184.216.34"),
                InetAddress.getByName("2606:2800:220:1:248:1893:25c8:1946")), accepted.addresses());
        assertEquals(List.of("hooks.example.com"), lookedUp);
    }

    @Test
    void acceptsAnIdnHostInPunycode() {
        UrlCheck.Accepted accepted = assertInstanceOf(UrlCheck.Accepted.class, guard.check("https://bücher.example/"));

        assertEquals(URI.create("https://xn--bcher-kva.example/"), accepted.url());
    }

    @Test
    void acceptsANameThatDoesNotResolveHereForTheDispatcherToCheck() {
        UrlCheck.Accepted accepted = assertInstanceOf(UrlCheck.Accepted.class,
                guard.check("https://not-yet.example/hook"));

        assertEquals(List.of(), accepted.addresses());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://8.8.8.8/", "https://[2606:4700:4700::1111]/", "https://134744072/",
        "https://0x08080808/", "https://[64:ff9b::808:808]/", "https://[2002:808:808::]/"})
    void acceptsPublicAddressesInAnyNotation(String url) {
        assertInstanceOf(UrlCheck.Accepted.class, guard.check(url));
    }

    @Test
    void refusesPlainHttpUnlessAllowed() {
        UrlGuard httpsOnly = new UrlGuard(EgressPolicy.STRICT, dns);

        assertEquals(new UrlCheck.Refused(UrlGuard.PLAIN_HTTP, "url must be https://; plain http:// is refused "
                + "unless http.allow.plain=true"), httpsOnly.check("http://hooks.example.com/in"));
        assertInstanceOf(UrlCheck.Accepted.class, httpsOnly.check("https://hooks.example.com/in"));
        assertInstanceOf(UrlCheck.Accepted.class, guard.check("http://hooks.example.com/in"));
    }

    @Test
    void refusesMalformedUrlsAsInvalid() {
        assertEquals(new UrlCheck.Refused(UrlGuard.INVALID_URL, "url must be http:// or https://"),
                guard.check("gopher://127.0.0.1:6379/_INFO"));
        assertEquals(UrlGuard.INVALID_URL, ((UrlCheck.Refused) guard.check("http://1.2.3.4.5/")).rule());
        assertEquals(UrlGuard.INVALID_URL, ((UrlCheck.Refused) guard.check("http://a@127.0.0.1/")).rule());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/hook", "http://127.1:8080/hook", "http://0177.0.0.1:8080/hook",
        "http://localhost:8080/hook", "http://[::1]:8080/hook", "http://[::ffff:127.0.0.1]:8080/hook"})
    void theLocalPolicyAcceptsLoopbackInAnyNotation(String url) {
        UrlGuard local = new UrlGuard(EgressPolicy.LOCAL, dns);

        UrlCheck.Accepted accepted = assertInstanceOf(UrlCheck.Accepted.class, local.check(url));
        assertTrue(accepted.url().toString().matches("http://(127\\.0\\.0\\.1|localhost|\\[::1]):8080/hook"),
                accepted.url().toString());
    }

    @ParameterizedTest(name = "{0} is still refused by {1}")
    @CsvSource({"http://10.0.0.1/, private", "http://169.254.169.254/, cloud-metadata",
        "http://[64:ff9b::7f00:1]/, nat64/loopback", "http://[fe80::1]/, link-local"})
    void theLocalPolicyAllowsLoopbackOnly(String url, String rule) {
        UrlGuard local = new UrlGuard(EgressPolicy.LOCAL, dns);

        assertEquals(rule, assertInstanceOf(UrlCheck.Refused.class, local.check(url)).rule());
    }

    @Test
    void anAllowlistedBlockIsAccepted() {
        UrlGuard onPremises = new UrlGuard(EgressPolicy.of(false, false, List.of(Cidr.parse("10.20.0.0/16"))), dns);

        assertInstanceOf(UrlCheck.Accepted.class, onPremises.check("https://10.20.1.2/hook"));
        assertInstanceOf(UrlCheck.Accepted.class, onPremises.check("https://012.20.1.2/hook"));
        assertEquals("private", assertInstanceOf(UrlCheck.Refused.class,
                onPremises.check("https://10.21.1.2/hook")).rule());
    }

    @Test
    void anAllowedAddressWithAZoneIdIsStillRefused() {
        UrlGuard linkLocal = new UrlGuard(EgressPolicy.of(true, false, List.of(Cidr.parse("fe80::/10"))), dns);

        UrlCheck.Refused refused = assertInstanceOf(UrlCheck.Refused.class,
                linkLocal.check("http://[fe80::1%25eth0]/"));
        assertEquals(UrlGuard.IPV6_ZONE_ID, refused.rule());
        assertFalse(refused.message().contains("\n"));
        assertInstanceOf(UrlCheck.Accepted.class, linkLocal.check("http://[fe80::1]/"));
    }
}
