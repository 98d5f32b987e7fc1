package io.hookline.common.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.common.HooklineException;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrTest {

    @ParameterizedTest(name = "{0} reads as {1}")
    @CsvSource({
        "10.0.0.0/8, 10.0.0.0/8",
        " 192.168.1.0/24 , 192.168.1.0/24",
        "192.168.1.1, 192.168.1.1/32",
        "0.0.0.0/0, 0.0.0.0/0",
        "fd00::/8, fd00::/8",
        "FD12:3456:0:0::/48, fd12:3456::/48",
        "::1, ::1/128",
        "::/0, ::/0",
        "2001:db8:0:0:1:0:0:1/128, 2001:db8::1:0:0:1/128",
        "::ffff:10.0.0.0/104, 10.0.0.0/8",
    })
    void parses(String text, String expected) {
        assertEquals(expected, Cidr.parse(text).toString());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "10.0.0.1/8 | bits set beyond /8; the block starts at 10.0.0.0",
        "010.0.0.0/8 | not an IP address like 10.0.0.0 or fd00::1",
        "0x0a.0.0.0/8 | not an IP address",
        "10.0.0/8 | not an IP address",
        "256.0.0.0/8 | 256 is above 255",
        "10.0.0.0/33 | prefix length /33 is not 0-32",
        "fd00::/129 | prefix length /129 is not 0-128",
        "10.0.0.0/ | the prefix length after / must be a number",
        "10.0.0.0/-1 | the prefix length after / must be a number",
        "10.0.0.0/8/8 | the prefix length after / must be a number",
        "example.com/8 | not an IP address",
        "localhost | not an IP address",
        "fe80::%eth0/64 | no zone id",
        "1::2::3/64 | not an IPv6 address",
        "::ffff:10.0.0.0/64 | an IPv4-mapped block needs a prefix of /96 or longer",
    })
    void refusesWithAClearMessage(String text, String message) {
        HooklineException e = assertThrows(HooklineException.class, () -> Cidr.parse(text));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void refusesEmptyText() {
        assertThrows(HooklineException.class, () -> Cidr.parse(" "));
        assertThrows(HooklineException.class, () -> Cidr.parse(null));
    }

    @Test
    void containsAddressesOfItsFamilyOnly() throws Exception {
        Cidr ten = Cidr.parse("10.0.0.0/8");
        assertTrue(ten.contains(InetAddress.getByName("10.255.0.1")));
        assertFalse(ten.contains(InetAddress.getByName("11.0.0.0")));
        assertFalse(ten.contains(InetAddress.getByName("a00::1")), "IPv6 is never in an IPv4 block");
        assertTrue(Cidr.parse("0.0.0.0/0").contains(InetAddress.getByName("203.0.113.1")));
        assertFalse(Cidr.parse("0.0.0.0/0").contains(InetAddress.getByName("::1")));

        Cidr odd = Cidr.parse("172.16.0.0/12");
        assertTrue(odd.contains(InetAddress.getByName("172.31.255.255")));
        assertFalse(odd.contains(InetAddress.getByName("172.32.0.0")));

        Cidr six = Cidr.parse("fe80::/10");
        assertTrue(six.contains(InetAddress.getByName("febf::1")));
        assertFalse(six.contains(InetAddress.getByName("fec0::1")));
    }

    @Test
    void equalBlocksAreEqual() {
        assertEquals(Cidr.parse("10.0.0.0/8"), Cidr.parse("::ffff:10.0.0.0/104"));
        assertEquals(Cidr.parse("fd00::/8"), Cidr.parse("FD00:0::/8"));
    }
}
