package org.consignmenthub.vendor;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.consignmenthub.security.AuditLog;
import org.consignmenthub.security.Credentials;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The vendors' own SFTP server, on when {@code hub.vendor-sftp.enabled} is true. A vendor
 * signs in with its code and one of its API keys, so rotation and revocation of keys apply
 * to SFTP as they do to the API.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "hub.vendor-sftp.enabled", havingValue = "true")
class VendorSftpConfiguration {

    @Bean
    VendorLogins vendorLogins(Credentials credentials) {
        return (vendor, secret) -> credentials.partyOfKey(secret)
                .filter(party -> vendor.equals(party.vendorCode()));
    }

    @Bean
    VendorSftpServer vendorSftpServer(@Value("${hub.vendor-sftp.host}") String host,
            @Value("${hub.vendor-sftp.port}") int port,
            @Value("${hub.vendor-sftp.dir}") Path uploadsDir,
            @Value("${hub.vendor-sftp.host-key-file}") Path hostKeyFile,
            @Value("${hub.intake.files.dir}") Path inboundDir,
            @Value("${hub.vendor-sftp.channels}") String channels,
            VendorLogins logins, AuditLog audit) {
        List<String> channelFolders = Arrays.stream(channels.split(","))
                .map(String::trim).filter(channel -> !channel.isEmpty()).toList();
        return new VendorSftpServer(new VendorSftpServer.Settings(host, port, hostKeyFile,
                uploadsDir, inboundDir, channelFolders), logins, audit);
    }
}
