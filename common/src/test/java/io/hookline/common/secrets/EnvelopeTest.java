package io.hookline.common.secrets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class EnvelopeTest {

    @Test
    void writesAndReadsTheTextForm() {
        Envelope envelope = new Envelope(-1, new byte[] {1, 2, 3});
        assertEquals("enc:v1:4294967295:AQID", envelope.text(), "key id unsigned, ciphertext base64");
        Envelope back = Envelope.parse(envelope.text());
        assertEquals(envelope, back);
        assertEquals(-1, back.keyId());
        assertArrayEquals(new byte[] {1, 2, 3}, back.ciphertext());
    }

    @Test
    void toStringShowsTheKeyNotTheCiphertext() {
        assertEquals("enc:v1:7:…", new Envelope(7, new byte[] {1, 2, 3}).toString());
    }

    @Test
    void tellsSealedFromPlain() {
        assertTrue(Envelope.isSealed("enc:v1:1:AQ=="));
        assertTrue(Envelope.isSealed("enc:v9:whatever"), "sealed, of a version to refuse");
        assertFalse(Envelope.isSealed("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
        assertFalse(Envelope.isSealed("Bearer enc:v1:1:AQ=="));
        assertFalse(Envelope.isSealed(null));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "whsec_abc             | a sealed secret must start with 'enc:'",
        "enc:v2:1:AQ==         | a sealed secret of an unknown version (this Hookline reads enc:v1)",
        "enc:v1:1              | a sealed secret must be enc:v1:<key id>:<base64>",
        "enc:v1:-1:AQ==        | the key id of a sealed secret must be an unsigned 32-bit number",
        "enc:v1:4294967296:AQ==| the key id of a sealed secret must be an unsigned 32-bit number",
        "enc:v1:x:AQ==         | the key id of a sealed secret must be an unsigned 32-bit number",
        "enc:v1:1:not base64!  | the ciphertext of a sealed secret must be base64",
        "enc:v1:1:             | a sealed secret needs a ciphertext",
    })
    void refusesMalformedTextWithoutQuotingIt(String text, String message) {
        SecretsException e = assertThrows(SecretsException.class, () -> Envelope.parse(text.strip()));
        assertEquals(message, e.getMessage());
    }
}
