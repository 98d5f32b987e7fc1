package io.hookline.common.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AddressPolicyTest {
    private final AddressPolicy strict = AddressPolicy.strict();

    @ParameterizedTest(name = "{0} is denied by {1}")
    @CsvSource({
        // IPv4 special-purpose blocks
        "127.0.0.1, loopback",
        "127.0.0.53, loopback",
        "127.255.255.254, loopback",
        "10.0.0.1, private",
        "10.255.255.255, private",
        "172.16.0.1, private",
        "172.31.255.255, private",
        "192.168.0.1, private",
        "192.168.255.255, private",
        "169.254.0.1, link-local",
        "169.254.255.255, link-local",
        "100.64.0.1, cgnat",
        "100.127.255.255, cgnat",
        "0.0.0.0, this-network",
        "0.1.2.3, this-network",
        "255.255.255.255, broadcast",
        "224.0.0.1, multicast",
        "239.255.255.250, multicast",
        "240.0.0.1, reserved",
        "254.1.1.1, reserved",
        "192.0.0.8, reserved",
        "192.88.99.1, reserved",
        "192.0.2.1, documentation",
        "198.51.100.7, documentation",
        "203.0.113.9, documentation",
        "198.18.0.1, benchmarking",
        "198.19.255.255, benchmarking",
        // cloud metadata, named even where a wider rule covers them
        "169.254.169.254, cloud-metadata",
        "169.254.170.2, cloud-metadata",
        "169.254.170.23, cloud-metadata",
        "169.254.0.23, cloud-metadata",
        "100.100.100.200, cloud-metadata",
        "168.63.129.16, cloud-metadata",
        "192.0.0.192, cloud-metadata",
        "fd00:ec2::254, cloud-metadata",
        "fd00:ec2::23, cloud-metadata",
        // IPv6 special-purpose blocks
        "::, unspecified",
        "::1, loopback",
        "fc00::1, private",
        "fd12:3456:789a::1, private",
        "fe80::1, link-local",
        "febf:ffff::1, link-local",
        "fec0::1, site-local",
        "ff02::1, multicast",
        "ff05::1:3, multicast",
        "2001:db8::1, documentation",
        "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff, documentation",
        "3fff::1, documentation",
        "100::1, reserved",
        "2001:2::1, reserved",
        "2001:10::1, reserved",
        "5f00::1, reserved",
        "4000::1, reserved",
        "::ffff:0:808:808, reserved",
        // forms that carry an IPv4 address, judged by it
        "::7f00:1, ipv4-compatible/loopback",
        "::a00:1, ipv4-compatible/private",
        "::a9fe:a9fe, ipv4-compatible/cloud-metadata",
        "::2, ipv4-compatible/this-network",
        "::808:808, ipv4-compatible",
        "::ffff:0:7f00:1, ipv4-translated/loopback",
        "64:ff9b::7f00:1, nat64/loopback",
        "64:ff9b::a9fe:a9fe, nat64/cloud-metadata",
        "64:ff9b::c0a8:101, nat64/private",
        "64:ff9b::6440:1, nat64/cgnat",
        "64:ff9b:1::1, nat64-local-use",
        "64:ff9b:1:ffff::808:808, nat64-local-use",
        "2002:7f00:1::, 6to4/loopback",
        "2002:a9fe:a9fe::1, 6to4/cloud-metadata",
        "2002:c0a8:101::1, 6to4/private",
        "2002:a00:1:ffff::1, 6to4/private",
        "2002:e000:1::1, 6to4/multicast",
        // Teredo: the client address is stored inverted (~127.0.0.1 = 80ff:fffe)
        "2001:0:4136:e378:8000:63bf:80ff:fffe, teredo/loopback",
        "2001:0:4136:e378:8000:63bf:f5ff:fffe, teredo/private",
        "2001:0:4136:e378:8000:63bf:5601:5601, teredo/cloud-metadata",
        "2001:0:a00:1::f7f7:f7f7, teredo-server/private",
    })
    void deniesSpecialPurposeAddresses(String address, String rule) throws Exception {
        AddressPolicy.Verdict verdict = strict.check(InetAddress.getByName(address));

        assertEquals(new AddressPolicy.Denied(rule), verdict);
    }

    @ParameterizedTest(name = "{0} is public")
    @ValueSource(strings = {
        "8.8.8.8", "1.1.1.1", "93.184.216.34", "11.0.0.1", "126.255.255.255", "128.0.0.1",
        "172.15.255.255", "172.32.0.0", "100.63.255.255", "100.128.0.0", "169.253.255.255", "169.255.0.0",
        "192.0.1.1", "192.167.255.255", "192.169.0.0", "198.17.255.255", "198.20.0.0", "223.255.255.255",
        "168.63.129.17", "2606:4700:4700::1111", "2001:4860:4860::8888", "2a00:1450:4001::1",
        "2001:db9::1", "2001:200::1", "64:ff9b::808:808", "2002:808:808::1",
        "2001:0:4136:e378:8000:63bf:f7f7:f7f7"})
    void allowsPublicAddresses(String address) throws Exception {
        assertEquals(new AddressPolicy.Allowed(Optional.empty()), strict.check(InetAddress.getByName(address)));
    }

    @ParameterizedTest(name = "::ffff:{0} is denied by ipv4-mapped/{1}")
    @CsvSource({"127.0.0.1, loopback", "169.254.169.254, cloud-metadata", "10.1.2.3, private", "0.0.0.0, this-network"})
    void judgesAnIpv4MappedAddressByItsIpv4Address(String ipv4, String rule) throws Exception {
        // The JDK turns ::ffff:a.b.c.d into an Inet4Address when parsing; not when built like this.
        Inet6Address mapped = Inet6Address.getByAddress(null, mapped(ipv4), null);

        assertEquals(new AddressPolicy.Denied("ipv4-mapped/" + rule), strict.check(mapped));
        assertEquals(new AddressPolicy.Denied(rule), strict.check(InetAddress.getByName("::ffff:" + ipv4)));
    }

    @Test
    void aScopedAddressIsJudgedWithoutItsScope() throws Exception {
        assertEquals(new AddressPolicy.Denied("link-local"), strict.check(InetAddress.getByName("fe80::1%1")));
    }

    @ParameterizedTest(name = "{0} with the allowlist: {1}")
    @CsvSource({
        "10.20.5.5, allowed by 10.20.0.0/16",
        "10.20.255.255, allowed by 10.20.0.0/16",
        "10.21.0.1, denied by private",
        "fd12:3456::1, allowed by fd12:3456::/48",
        "fd12:3456:0:ffff::1, allowed by fd12:3456::/48",
        "fd12:3457::1, denied by private",
        "127.0.0.1, allowed by 127.0.0.0/8",
        "127.9.9.9, allowed by 127.0.0.0/8",
        "::1, denied by loopback",
        "8.8.8.8, allowed as public",
        // the allowlist overrides even the metadata rule, but only where it says so
        "169.254.169.254, denied by cloud-metadata",
        // gateways to an embedded address are other hosts: never allowlisted through it
        "64:ff9b::7f00:1, denied by nat64/loopback",
        "2002:7f00:1::, denied by 6to4/loopback",
        "::7f00:1, denied by ipv4-compatible/loopback",
    })
    void theAllowlistOverridesTheRulesForItsBlocksOnly(String address, String expected) throws Exception {
        AddressPolicy policy = AddressPolicy.allowing(List.of(Cidr.parse("10.20.0.0/16"), Cidr.parse("fd12:3456::/48"),
                Cidr.parse("127.0.0.0/8")));

        assertEquals(expected, describe(policy.check(InetAddress.getByName(address))));
    }

    @Test
    void anIpv4MappedAddressIsAllowlistedByItsIpv4Block() throws Exception {
        AddressPolicy policy = AddressPolicy.allowing(AddressPolicy.LOOPBACK_BLOCKS);

        assertEquals("allowed by 127.0.0.0/8",
                describe(policy.check(Inet6Address.getByAddress(null, mapped("127.0.0.1"), null))));
        assertEquals("allowed by ::1/128", describe(policy.check(InetAddress.getByName("::1"))));
    }

    @Test
    void anExplicitAllowlistEntryOverridesEvenTheMetadataRule() throws Exception {
        AddressPolicy policy = AddressPolicy.allowing(List.of(Cidr.parse("169.254.169.254")));

        assertTrue(policy.check(InetAddress.getByName("169.254.169.254")).allowed());
        assertEquals("denied by link-local", describe(policy.check(InetAddress.getByName("169.254.169.253"))));
    }

    @Test
    void anEmptyAllowlistIsTheStrictPolicy() {
        assertEquals(AddressPolicy.strict(), AddressPolicy.allowing(List.of()));
        assertEquals("public addresses only", AddressPolicy.strict().toString());
        assertEquals("public addresses and 127.0.0.0/8, ::1/128",
                AddressPolicy.allowing(AddressPolicy.LOOPBACK_BLOCKS).toString());
    }

    @Test
    void verdictsSayWhetherTheyAllow() throws Exception {
        assertInstanceOf(AddressPolicy.Denied.class, strict.check(InetAddress.getByName("10.0.0.1")));
        assertTrue(strict.check(InetAddress.getByName("8.8.4.4")).allowed());
    }

    private static String describe(AddressPolicy.Verdict verdict) {
        if (verdict instanceof AddressPolicy.Denied denied) {
            return "denied by " + denied.rule();
        }
        return ((AddressPolicy.Allowed) verdict).allowlistedBy().map(block -> "allowed by " + block)
                .orElse("allowed as public");
    }

    private static byte[] mapped(String ipv4) throws Exception {
        byte[] bytes = new byte[16];
        bytes[10] = (byte) 0xff;
        bytes[11] = (byte) 0xff;
        System.arraycopy(InetAddress.getByName(ipv4).getAddress(), 0, bytes, 12, 4);
        return bytes;
    }
}
