package io.hookline.dispatcher.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hookline.common.HooklineException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EgressProxyTest {

    @Test
    void readsHostAndPort() {
        assertEquals(new EgressProxy("smokescreen.internal", 4750), EgressProxy.parse("smokescreen.internal:4750"));
        assertEquals(new EgressProxy("10.0.0.7", 3128), EgressProxy.parse(" 10.0.0.7:3128 "));
        assertEquals(new EgressProxy("fd00::1", 3128), EgressProxy.parse("[fd00::1]:3128"));
        assertEquals("[fd00::1]:3128", EgressProxy.parse("[fd00::1]:3128").toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://proxy:3128  | a proxy is host:port, like proxy.internal:4750 or [fd00::1]:3128",
            "proxy              | a proxy is host:port, like proxy.internal:4750 or [fd00::1]:3128",
            ":3128              | a proxy is host:port, like proxy.internal:4750 or [fd00::1]:3128",
            "user:pw@proxy:3128 | a proxy is host:port, like proxy.internal:4750 or [fd00::1]:3128",
            "fd00::1:3128       | an IPv6 proxy address is written in brackets, like [fd00::1]:3128",
            "proxy:http         | a proxy port is a number, like proxy.internal:4750",
            "proxy:0            | a proxy port must be 1-65535, got 0",
    })
    void refusesWhatIsNotHostColonPort(String text, String expected) {
        assertEquals(expected, assertThrows(HooklineException.class, () -> EgressProxy.parse(text)).getMessage());
    }
}
