package org.consignmenthub.vendor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.consignmenthub.canonical.Refusal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookTargetsTest {

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/hook", "https://localhost/hook",
        "http://10.1.2.3/hook", "http://192.168.0.9/hook", "http://169.254.169.254/latest",
        "http://[::1]/hook", "http://[fd00::1]/hook", "http://0.0.0.0/hook"})
    void privateAndLoopbackAddressesAreRefusedWhereOnlyPublicOnesAreAllowed(String url) {
        assertThatThrownBy(() -> WebhookSubscriptions.target(url, false))
                .isInstanceOf(Refusal.class).hasMessageContaining("private address");
        assertThat(WebhookSubscriptions.target(url, true).toString()).isEqualTo(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://127.0.0.1/x", "http:///nohost", "https://user:pw@127.0.0.1/",
        "not a url"})
    void onlyHttpAddressesWithAHostAndNoUserInfoAreTaken(String url) {
        assertThatThrownBy(() -> WebhookSubscriptions.target(url, true))
                .isInstanceOf(Refusal.class).extracting("field").isEqualTo("url");
    }
}
