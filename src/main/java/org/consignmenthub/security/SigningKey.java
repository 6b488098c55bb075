package org.consignmenthub.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key the hub signs its tokens with, kept under the data folder (readable by the
 * hub's user only) so that tokens issued before a restart are still accepted after it.
 */
final class SigningKey {

    private static final Logger log = LoggerFactory.getLogger(SigningKey.class);

    private SigningKey() {
    }

    static JWKSet loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return new JWKSet(RSAKey.parse(Files.readString(file, StandardCharsets.UTF_8)));
            }
            RSAKey key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString())
                    .generate();
            Files.createDirectories(file.getParent());
            Path fresh = file.resolveSibling(file.getFileName() + ".new");
            Files.deleteIfExists(fresh);
            Files.createFile(fresh, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
            Files.writeString(fresh, key.toJSONString(), StandardCharsets.UTF_8,
                    StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(fresh, file);
            log.info("Token signing key created file={} keyId={}", file, key.getKeyID());
            return new JWKSet(key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the token signing key at " + file, e);
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("the token signing key at " + file
                    + " cannot be read or made", e);
        }
    }
}
