package io.hookline.common.boundarycheck;

import com.google.crypto.tink.KeysetHandle;

/** Breaks "Tink only in common.secrets": a keyset handled next door to the secrets package. */
public final class UsesTinkOutsideSecrets {
    public int keys(KeysetHandle keyset) {
        return keyset.size();
    }
}
