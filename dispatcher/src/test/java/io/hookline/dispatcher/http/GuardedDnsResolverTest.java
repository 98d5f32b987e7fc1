package io.hookline.dispatcher.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hookline.common.net.AddressPolicy;
import io.hookline.common.net.Cidr;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GuardedDnsResolverTest {
    /** A DNS whose answers the test changes, as an attacker controlling a zone would. */
    private final Map<String, InetAddress[]> zone = new HashMap<>();
    private final DnsResolver fake = new DnsResolver() {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            InetAddress[] answer = zone.get(host);
            if (answer == null) {
                throw new UnknownHostException(host);
            }
            return answer.clone();
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host;
        }
    };
    private final GuardedDnsResolver guarded = new GuardedDnsResolver(fake, AddressPolicy.strict());

    @Test
    void aNamePublicAtFirstAndPrivateLaterIsRefusedLater() throws Exception {
        zone.put("hooks.example.com", addresses("93.184.216.34"));
        assertArrayEquals(addresses("93.184.216.34"), guarded.resolve("hooks.example.com"));

        zone.put("hooks.example.com", addresses("10.0.0.5"));
        BlockedAddressException e = assertThrows(BlockedAddressException.class,
                () -> guarded.resolve("hooks.example.com"));
        assertEquals("private", e.rule());
        assertEquals("no allowed address for hooks.example.com: 10.0.0.5 is private", e.getMessage());
    }

    @Test
    void dropsDeniedAddressesAndKeepsTheOthersInOrder() throws Exception {
        zone.put("mixed.example", addresses("127.0.0.1", "93.184.216.34", "169.254.169.254", "2606:4700::1"));

        assertArrayEquals(addresses("93.184.216.34", "2606:4700::1"), guarded.resolve("mixed.example"));
        assertEquals(List.of(new InetSocketAddress(InetAddress.getByName("93.184.216.34"), 443),
                new InetSocketAddress(InetAddress.getByName("2606:4700::1"), 443)),
                guarded.resolve("mixed.example", 443), "the resolve httpclient5 5.5+ calls goes through the guard");
    }

    @Test
    void namesEveryDeniedAddressAndTheFirstRule() throws Exception {
        zone.put("inside.example", addresses("169.254.169.254", "fd00::1", "::ffff:127.0.0.1"));

        BlockedAddressException e = assertThrows(BlockedAddressException.class,
                () -> guarded.resolve("inside.example", 80));
        assertEquals("cloud-metadata", e.rule());
        assertEquals("no allowed address for inside.example: 169.254.169.254 is cloud-metadata, fd00:0:0:0:0:0:0:1 "
                + "is private, 127.0.0.1 is loopback", e.getMessage());
    }

    @Test
    void anUnknownHostIsNotABlockedOne() {
        UnknownHostException e = assertThrows(UnknownHostException.class, () -> guarded.resolve("nowhere.example"));
        assertFalse(e instanceof BlockedAddressException);
    }

    @ParameterizedTest(name = "{0} is refused by {1}")
    @CsvSource({"127.0.0.1, loopback", "2130706433, loopback", "[::1], loopback", "169.254.169.254, cloud-metadata",
        "10.1.2.3, private", "[fe80::1%1], link-local", "[::ffff:10.0.0.1], private", "0.0.0.0, this-network"})
    void judgesIpLiteralsToo(String host, String rule) {
        GuardedDnsResolver system = new GuardedDnsResolver(SystemDefaultDnsResolver.INSTANCE, AddressPolicy.strict());

        assertEquals(rule, assertThrows(BlockedAddressException.class, () -> system.resolve(host)).rule());
    }

    @Test
    void theAllowlistLetsItsBlocksThrough() throws Exception {
        GuardedDnsResolver allowing = new GuardedDnsResolver(SystemDefaultDnsResolver.INSTANCE,
                AddressPolicy.allowing(List.of(Cidr.parse("127.0.0.0/8"))));

        assertArrayEquals(addresses("127.0.0.1"), allowing.resolve("127.0.0.1"));
        assertThrows(BlockedAddressException.class, () -> allowing.resolve("[::1]"));
    }

    private static InetAddress[] addresses(String... literals) throws UnknownHostException {
        InetAddress[] addresses = new InetAddress[literals.length];
        for (int i = 0; i < literals.length; i++) {
            addresses[i] = InetAddress.getByName(literals[i]);
        }
        return addresses;
    }
}
