package io.hookline.common.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.common.HooklineException;
import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointUrlTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        // one number: decimal, hex, octal
        "http://2852039166/latest/meta-data/, http://169.254.169.254/latest/meta-data/",
        "http://0xA9FEA9FE/, http://169.254.169.254/",
        "http://0XA9FEA9FE/, http://169.254.169.254/",
        "http://025177524776/, http://169.254.169.254/",
        "http://0x7f000001/, http://127.0.0.1/",
        "http://017700000001/, http://127.0.0.1/",
        "http://2130706433:8080/x, http://127.0.0.1:8080/x",
        // dotted, every part in any radix; octal as libc reads it, not as the JDK does
        "http://0177.0.0.1/, http://127.0.0.1/",
        "http://0177.0000.0000.0001/, http://127.0.0.1/",
        "http://0xa9.0xfe.0xa9.0xfe/, http://169.254.169.254/",
        "http://0251.0376.0251.0376/, http://169.254.169.254/",
        "http://0xA9.254.0251.0xFE/, http://169.254.169.254/",
        "http://010.0.0.1/, http://8.0.0.1/",
        // short forms: the last part fills the remaining bytes
        "http://127.1/, http://127.0.0.1/",
        "http://127.0.1/, http://127.0.0.1/",
        "http://0177.1/, http://127.0.0.1/",
        "http://169.16689662/, http://169.254.169.254/",
        "http://169.254.43518/, http://169.254.169.254/",
        "http://0/, http://0.0.0.0/",
        "http://0x/, http://0.0.0.0/",
        // a trailing dot is the same host
        "http://127.0.0.1./, http://127.0.0.1/",
        "https://EXAMPLE.com./path?q=1, https://example.com/path?q=1",
        // bracketed IPv6, rewritten as RFC 5952 text; IPv4-mapped as IPv4
        "http://[::1]:8080/x, http://[::1]:8080/x",
        "http://[0:0:0:0:0:0:0:1]/, http://[::1]/",
        "http://[::ffff:127.0.0.1]/, http://127.0.0.1/",
        "http://[::ffff:7f00:1]/, http://127.0.0.1/",
        "http://[FD00:EC2:0::254]/, http://[fd00:ec2::254]/",
        "http://[2001:DB8:0:0:1:0:0:1]/, http://[2001:db8::1:0:0:1]/",
        // IDN, full-width and other look-alikes become what they look like
        "https://bücher.example/, https://xn--bcher-kva.example/",
        "https://ｌｏｃａｌｈｏｓｔ/, https://localhost/",
        "http://①②⑦.0.0.1/, http://127.0.0.1/",
        "http://127。0。0。1/, http://127.0.0.1/",
        "http://%31%32%37.0.0.1/, http://127.0.0.1/",
        "http://%6c%6f%63%61%6c%68%6f%73%74/, http://localhost/",
        // default ports dropped, scheme and host lower-cased, path and query kept as written
        "https://example.com:443/, https://example.com/",
        "http://example.com:80/a%20b?x=1&y=%2F, http://example.com/a%20b?x=1&y=%2F",
        "HTTPS://Example.COM:8443, https://example.com:8443",
    })
    void normalizesEveryNotation(String written, String normalized) {
        assertEquals(normalized, EndpointUrl.parse(written).uri().toString());
    }

    @Test
    void knowsTheAddressOfALiteralHostAndNoneOfAName() throws Exception {
        EndpointUrl literal = EndpointUrl.parse("http://0177.1:8080/hook");
        assertEquals(Optional.of(InetAddress.getByName("127.0.0.1")), literal.address());
        assertEquals("0177.1", literal.writtenHost());
        assertEquals("127.0.0.1", literal.host());
        assertTrue(literal.plainHttp());

        EndpointUrl name = EndpointUrl.parse("https://Hooks.Example.com./in");
        assertEquals(Optional.empty(), name.address());
        assertEquals("hooks.example.com", name.host());
        assertFalse(name.plainHttp());
        assertEquals("https://hooks.example.com", name.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"http://[fe80::1%25eth0]/", "http://[fe80::1%eth0]/", "http://[FE80::1%251]:8080/"})
    void notesAZoneIdAndDropsIt(String written) {
        EndpointUrl url = EndpointUrl.parse(written);

        assertTrue(url.zoneId());
        assertTrue(url.uri().toString().startsWith("http://[fe80::1]"), url.uri().toString());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "ftp://example.com/ | url must be http:// or https://",
        "javascript:alert(1) | url must be http:// or https://",
        "file:///etc/passwd | url must be http:// or https://",
        "gopher://127.0.0.1:6379/_INFO | url must be http:// or https://",
        "//example.com/ | url must be http:// or https://",
        "http:///path | url must name a host",
        "http:example.com | url must name a host",
        "http://:80/ | url must name a host",
        "http://user:pass@example.com/ | url must not carry credentials",
        "http://example.com@127.0.0.1/ | url must not carry credentials",
        "http://example.com/#frag | url must not have a #fragment",
        "http://1.2.3.4.5/ | not a valid IPv4 address (more than four parts)",
        "http://256.0.0.1/ | not a valid IPv4 address (a part above 255)",
        "http://1.2.3.256/ | not a valid IPv4 address (out of range)",
        "http://127.16777216/ | not a valid IPv4 address (out of range)",
        "http://0x100000000/ | not a valid IPv4 address (out of range)",
        "http://99999999999999999999/ | not a valid IPv4 address (out of range)",
        "http://08.0.0.1/ | not a valid IPv4 address",
        "http://0x1g.0.0.1/ | not a valid IPv4 address",
        "http://example.0x/ | not a valid IPv4 address",
        "http://1..1/ | not a valid domain name",
        "http://[1::2::3]/ | url is not a valid URL",
        "http://[::1::]/ | url is not a valid URL",
        "http://[127.0.0.1]/ | url is not a valid URL",
        "http://a..b/ | not a valid",
        "http://ex_ample.com/ | not a valid host name",
        "http://example.com:0/ | url port must be a number from 1 to 65535",
        "http://example.com:65536/ | url port must be a number from 1 to 65535",
        "http://example.com:8o/ | url port must be a number from 1 to 65535",
        "http://%zz.example/ | url is not a valid URL",
        "http://%ff.example/ | not valid UTF-8 once percent-decoded",
        "http://example.1com/ | not a host name java.net.URI accepts",
    })
    void refusesWhatIsNotAUrlToAHost(String written, String message) {
        HooklineException e = assertThrows(HooklineException.class, () -> EndpointUrl.parse(written));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void refusesWhiteSpaceControlCharactersAndBackslashes() {
        for (String written : new String[] {"http://exa mple.com/", "http://example.com/\t", " http://example.com/",
            "http://example.com\\@127.0.0.1/", "http://example.com/\r\nHost: x", "http://exa\u0000mple.com/",
            "http://example.com\u3000/", "http://example.com\u00a0/", ""}) {
            assertThrows(HooklineException.class, () -> EndpointUrl.parse(written), written);
        }
        assertThrows(HooklineException.class, () -> EndpointUrl.parse(null));
    }
}
