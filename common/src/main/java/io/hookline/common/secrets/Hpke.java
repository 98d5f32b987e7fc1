package io.hookline.common.secrets;

import com.google.crypto.tink.Configuration;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.hybrid.HybridConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/** What {@link PublicKeys} and {@link PrivateKeys} share: Tink's setup, the key template, key ids. */
final class Hpke {
    /** RFC 9180 base mode: X25519 KEM, HKDF-SHA256, AES-256-GCM; Tink's output prefix names the key. */
    private static final String TEMPLATE = "DHKEM_X25519_HKDF_SHA256_HKDF_SHA256_AES_256_GCM";
    /** Tink's TINK output prefix: a version byte, then the key id big-endian. */
    private static final byte TINK_PREFIX = 0x01;
    private static final int PREFIX_LENGTH = 5;
    private static final Configuration CONFIGURATION = configuration();

    private Hpke() {
    }

    private static Configuration configuration() {
        try {
            HybridConfig.register();
            return RegistryConfiguration.get();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Tink's configuration; calling it first makes sure Tink's hybrid key types are registered. */
    static Configuration config() {
        return CONFIGURATION;
    }

    /** A new HPKE key pair, to become the primary of a keyset. */
    static KeysetHandle.Builder.Entry newKey() throws GeneralSecurityException {
        config();
        return KeysetHandle.generateEntryFromParametersName(TEMPLATE).withRandomId().makePrimary();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static List<Integer> keyIds(KeysetHandle handle) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < handle.size(); i++) {
            ids.add(handle.getAt(i).getId());
        }
        return List.copyOf(ids);
    }

    static String describe(List<Integer> ids) {
        return ids.stream().map(Envelope::keyIdText).toList().toString();
    }

    /** The key id Tink wrote in front of {@code ciphertext}, or empty when it has no Tink prefix. */
    static java.util.OptionalInt prefixKeyId(byte[] ciphertext) {
        if (ciphertext.length <= PREFIX_LENGTH || ciphertext[0] != TINK_PREFIX) {
            return java.util.OptionalInt.empty();
        }
        return java.util.OptionalInt.of(ByteBuffer.wrap(ciphertext, 1, 4).getInt());
    }
}
