package io.hookline.dispatcher.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hookline.common.HooklineException;
import org.junit.jupiter.api.Test;

class EgressProxyTest {

    @Test
    void readsHostAndPort() {
        assertEquals(new EgressProxy("smokescreen.internal", 4750), EgressProxy.parse("smokescreen.internal:4750"));
        assertEquals(new EgressProxy("10.0.0.7", 3128), EgressProxy.parse(" 10.0.0.7:3128 "));
        assertEquals(new EgressProxy("fd00::1", 3128), EgressProxy.parse("[fd00::1]:3128"));
        assertEquals("[fd00::1]:3128", EgressProxy.parse("[fd00::1]:3128").toString());
    }

    @Test
    void refusesWhatIsNotHostColonPort() {
        assertEquals("a proxy is host:port, like proxy.internal:4750 or [fd00::1]:3128",
                assertThrows(HooklineException.class, () -> EgressProxy.parse("http://proxy:3128")).getMessage());
        assertThrows(HooklineException.class, () -> EgressProxy.parse("proxy"));
        assertThrows(HooklineException.class, () -> EgressProxy.parse(":3128"));
        assertThrows(HooklineException.class, () -> EgressProxy.parse("user:pw@proxy:3128"));
        assertEquals("an IPv6 proxy address is written in brackets, like [fd00::1]:3128",
                assertThrows(HooklineException.class, () -> EgressProxy.parse("fd00::1:3128")).getMessage());
        assertEquals("a proxy port is a number, like proxy.internal:4750",
                assertThrows(HooklineException.class, () -> EgressProxy.parse("proxy:http")).getMessage());
        assertEquals("a proxy port must be 1-65535, got 0",
                assertThrows(HooklineException.class, () -> EgressProxy.parse("proxy:0")).getMessage());
    }
}
