package io.hookline.common.secrets;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.OptionalInt;

/**
 * The dispatchers' key pairs: a Tink keyset of HPKE private keys, kept in a file only
 * dispatchers read. Rotation adds a new primary and keeps the older keys, so values sealed
 * before it still open; a key is dropped only by editing the file, once no record is sealed
 * to it any more ({@code subscriptions re-encrypt} moves records to the newest key).
 */
public final class PrivateKeys implements SecretOpener {
    private final KeysetHandle handle;
    private final HybridDecrypt decrypt;
    private final List<Integer> keyIds;

    private PrivateKeys(KeysetHandle handle) {
        this.handle = handle;
        this.keyIds = Hpke.keyIds(handle);
        try {
            this.decrypt = handle.getPrimitive(Hpke.config(), HybridDecrypt.class);
        } catch (GeneralSecurityException e) {
            throw new SecretsException("the private keys cannot decrypt: " + e.getMessage(), e);
        }
    }

    /** A new keyset of one key pair. */
    public static PrivateKeys generate() {
        try {
            return new PrivateKeys(KeysetHandle.newBuilder().addEntry(Hpke.newKey()).build());
        } catch (GeneralSecurityException e) {
            throw new SecretsException("cannot generate a key pair: " + e.getMessage(), e);
        }
    }

    /** These keys plus a new key pair, which becomes the primary: new values are sealed to it. */
    public PrivateKeys rotate() {
        try {
            return new PrivateKeys(KeysetHandle.newBuilder(handle).addEntry(Hpke.newKey()).build());
        } catch (GeneralSecurityException e) {
            throw new SecretsException("cannot add a key pair: " + e.getMessage(), e);
        }
    }

    /** The public halves, to publish. */
    public PublicKeys publicKeys() {
        try {
            return new PublicKeys(handle.getPublicKeysetHandle());
        } catch (GeneralSecurityException e) {
            throw new SecretsException("cannot derive the public keys: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a key file written by {@link #write}.
     *
     * @throws SecretsException when it is missing or not a keyset of private keys (the message names the file only)
     */
    public static PrivateKeys read(Path file) {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new SecretsException("private key file " + file + " does not exist");
        } catch (IOException e) {
            throw new SecretsException("cannot read private key file " + file + ": " + e.getMessage());
        }
        try {
            Hpke.config();
            return new PrivateKeys(TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get()));
        } catch (GeneralSecurityException | RuntimeException e) {
            // the cause may quote the file's content: left out
            throw new SecretsException("private key file " + file + " is not a Tink keyset of private keys");
        }
    }

    /**
     * Writes the keyset in the clear, readable by its owner only, replacing the file at once
     * (a crash leaves the old or the new file, never half of one).
     */
    public void write(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            try {
                if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
                }
                Files.writeString(temp, TinkJsonProtoKeysetFormat.serializeKeyset(handle,
                        InsecureSecretKeyAccess.get()), StandardCharsets.UTF_8);
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new SecretsException("cannot write private key file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String open(String envelope, String context) {
        Envelope sealed = Envelope.parse(envelope);
        if (!keyIds.contains(sealed.keyId())) {
            throw new SecretsException("it is encrypted to key " + Envelope.keyIdText(sealed.keyId())
                    + ", which is not among the private keys here " + Hpke.describe(keyIds));
        }
        byte[] ciphertext = sealed.ciphertext();
        OptionalInt named = Hpke.prefixKeyId(ciphertext);
        if (named.isEmpty() || named.getAsInt() != sealed.keyId()) {
            throw new SecretsException("its ciphertext is not one for key " + Envelope.keyIdText(sealed.keyId()));
        }
        try {
            return new String(decrypt.decrypt(ciphertext, Hpke.bytes(context)), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new SecretsException("it does not decrypt with key " + Envelope.keyIdText(sealed.keyId())
                    + ": damaged, or sealed for another subscription or field");
        }
    }

    /** The key new values are sealed to once these keys' public halves are published. */
    public int primaryKeyId() {
        return handle.getPrimary().getId();
    }

    /** Every key id, oldest first. */
    public List<Integer> keyIds() {
        return keyIds;
    }

    /** Key ids only, never key material. */
    @Override
    public String toString() {
        return "PrivateKeys[primary=" + Envelope.keyIdText(primaryKeyId()) + ", keys=" + Hpke.describe(keyIds) + "]";
    }
}
