package org.consignmenthub.vendor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.consignmenthub.testing.HubIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

class VendorRequestGateTest extends HubIntegrationTest {

    private static final String NOTICE = """
            {"noticeRef":"ASN-%s","location":"L1","lines":[{"sku":"A","quantity":%d}]}""";

    @LocalServerPort
    int port;

    @Autowired
    VendorRateLimits limits;

    private VendorCalls v1;

    @BeforeEach
    void vendor() {
        v1 = new VendorCalls(port, "V1");
    }

    @AfterEach
    void configuredLimits() {
        limits.restore("V1");
    }

    @Test
    void theSameKeyAndBodyGetTheFirstAnswerWithoutDoingItAgain() {
        VendorCalls.Answer first = v1.post("/shipment-notices", NOTICE.formatted("7", 5),
                "key-7");
        VendorCalls.Answer again = v1.post("/shipment-notices", NOTICE.formatted("7", 5),
                "key-7");

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(books.jdbc().queryForObject("select count(*) from shipment_notice",
                Long.class)).isEqualTo(1);
        VendorCalls.Answer withoutKey = v1.post("/shipment-notices", NOTICE.formatted("7", 5));
        assertThat(withoutKey.status()).as("without a key it is done, and refused as a"
                + " duplicate").isEqualTo(409);
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefusedNamingTheHeader() {
        v1.post("/shipment-notices", NOTICE.formatted("8", 5), "key-8");

        VendorCalls.Answer other = v1.post("/shipment-notices", NOTICE.formatted("8", 6),
                "key-8");

        assertThat(other.status()).isEqualTo(422);
        assertThat(other.json().path("reasonCode").asText()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(other.json().path("field").asText()).isEqualTo("Idempotency-Key");
        assertThat(books.jdbc().queryForObject("select announced_qty from shipment_notice_line",
                Long.class)).isEqualTo(5);
        VendorCalls.Answer v2 = new VendorCalls(port, "V2").post("/shipment-notices",
                NOTICE.replace("\"A\"", "\"D\"").formatted("8", 6), "key-8");
        assertThat(v2.status()).as("keys are per vendor").isEqualTo(201);
    }

    @Test
    void aRefusedRequestIsRememberedButAnExpiredKeyIsFreeAgain() {
        String foreign = NOTICE.replace("\"A\"", "\"D\"").formatted("9", 1);
        assertThat(v1.post("/shipment-notices", foreign, "key-9").status()).isEqualTo(400);
        assertThat(v1.post("/shipment-notices", foreign, "key-9").header(
                "Idempotent-Replayed")).isEqualTo("true");

        books.jdbc().update("update vendor_idempotency_key set expires_at = now()"
                + " - interval '1 minute'");
        VendorCalls.Answer afterExpiry = v1.post("/shipment-notices", NOTICE.formatted("9", 1),
                "key-9");

        assertThat(afterExpiry.status()).isEqualTo(201);
    }

    @Test
    void aVendorOverItsAllowanceIsToldWhenToComeBack() {
        limits.change("V1", new VendorApiSettings.Allowance(3, 0.25));

        List<Integer> statuses = new ArrayList<>();
        VendorCalls.Answer last = null;
        for (int i = 0; i < 4; i++) {
            last = v1.get("/positions");
            statuses.add(last.status());
        }

        assertThat(statuses).containsExactly(200, 200, 200, 429);
        // A quarter of a request a second: the next one is due within four seconds.
        assertThat(Integer.parseInt(last.header("Retry-After"))).isBetween(1, 4);
        assertThat(last.json().path("reasonCode").asText()).isEqualTo("RATE_LIMITED");
        assertThat(new VendorCalls(port, "V2").get("/positions").status())
                .as("another vendor's allowance is its own").isEqualTo(200);
    }
}
