/**
 * Secrets at rest: subscription secrets and header values sealed to the dispatchers' public
 * key with HPKE (RFC 9180, X25519 / HKDF-SHA256 / AES-256-GCM, through Google Tink), in the
 * text form {@code enc:v1:<key id>:<base64>} of {@link io.hookline.common.secrets.Envelope}.
 *
 * <p>Admins seal with {@link io.hookline.common.secrets.PublicKeys}, read from the keys topic,
 * so publishing a subscription needs no secret; only dispatchers hold
 * {@link io.hookline.common.secrets.PrivateKeys}, which keep every older key so that what was
 * sealed before a rotation still opens. Callers see two small interfaces,
 * {@link io.hookline.common.secrets.SecretSealer} and {@link io.hookline.common.secrets.SecretOpener};
 * Tink appears nowhere else in Hookline (an ArchUnit rule keeps it so).
 */
package io.hookline.common.secrets;
