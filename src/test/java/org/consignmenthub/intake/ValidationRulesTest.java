package org.consignmenthub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.consignmenthub.canonical.OrderPlaced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The record rules of a channel's {@code rules.yaml}, by account: the wholesale-portal test
 * channel requires an e-mail address by default, none from its marketplace, a PO number from
 * its business buyer, US dollars and a US or Canadian address from all of them. Each
 * refusal names channel, account, record, field, value and rule.
 */
class ValidationRulesTest {

    private static final Path MAPPINGS = Path.of("src/test/resources/fixtures/new-channel");
    private static final String HEADER =
            "order_id,line,sku,qty,unit_price,currency,email,po_number,country,ordered_at\n";

    private final MappingEngine engine = new MappingEngine(MappingCatalog.load(MAPPINGS),
            List.of(new CsvRecordReader()));

    @Test
    void aMarketplaceOrderWithoutEmailIsTaken() {
        MappedRecord record = map("MARKETPLACE", "M-1,1,A,2,13.00,USD,,,US,2026-12-03 10:00");

        assertThat(record).isInstanceOf(MappedRecord.Events.class);
        OrderPlaced order = (OrderPlaced) ((MappedRecord.Events) record).events().get(0);
        assertThat(order.orderRef()).isEqualTo("M-1");
        assertThat(order.customerRef()).isNull();
    }

    @Test
    void aBusinessOrderWithoutPurchaseOrderIsRefusedNamingEverything() {
        MappedRecord record = map("ACME-B2B",
                "B-1,1,A,2,13.00,USD,buyer@acme.example,,US,2026-12-03 10:00");

        assertThat(record).isInstanceOfSatisfying(MappedRecord.Rejected.class, bad -> {
            assertThat(bad.reasonCode()).isEqualTo("RULE_REQUIRED");
            assertThat(bad.field()).isEqualTo("poNumber");
            assertThat(bad.reason()).isEqualTo("channel wholesale-portal, account ACME-B2B,"
                    + " record orders.csv:2: field poNumber = (absent) breaks rule 'required':"
                    + " this account's records must carry poNumber");
            assertThat(bad.rawRecord()).isEqualTo(
                    "B-1,1,A,2,13.00,USD,buyer@acme.example,,US,2026-12-03 10:00");
        });
        assertThat(map("ACME-B2B", "B-2,1,A,2,13.00,USD,,PO-881,US,2026-12-03 10:00"))
                .isInstanceOf(MappedRecord.Events.class);
    }

    @Test
    void anAccountWithoutRulesOfItsOwnGetsTheChannelDefaults() {
        assertThat(map("WEBSHOP", "W-1,1,A,2,13.00,USD,,,US,2026-12-03 10:00"))
                .isInstanceOfSatisfying(MappedRecord.Rejected.class, bad -> {
                    assertThat(bad.reasonCode()).isEqualTo("RULE_REQUIRED");
                    assertThat(bad.field()).isEqualTo("email");
                });
        assertThat(map("WEBSHOP", "W-2,1,A,2,13.00,USD,a@b.example,,US,2026-12-03 10:00"))
                .isInstanceOf(MappedRecord.Events.class);
    }

    @Test
    void aCurrencyTheAccountDoesNotTakeIsRefused() {
        assertThat(map("MARKETPLACE", "M-2,1,A,2,13.00,EUR,,,US,2026-12-03 10:00"))
                .isInstanceOfSatisfying(MappedRecord.Rejected.class, bad -> {
                    assertThat(bad.reasonCode()).isEqualTo("RULE_CURRENCY");
                    assertThat(bad.field()).isEqualTo("currency");
                    assertThat(bad.reason()).contains("field currency = 'EUR'",
                            "rule 'currencies'", "allowed: [USD]");
                });
    }

    @Test
    void anAddressWithoutCountryOrOutsideTheAllowedOnesIsRefused() {
        assertThat(map("MARKETPLACE", "M-3,1,A,2,13.00,USD,,,,2026-12-03 10:00"))
                .isInstanceOfSatisfying(MappedRecord.Rejected.class, bad -> {
                    assertThat(bad.reasonCode()).isEqualTo("RULE_ADDRESS");
                    assertThat(bad.field()).isEqualTo("country");
                    assertThat(bad.reason()).contains("country = (absent)");
                });
        assertThat(map("MARKETPLACE", "M-4,1,A,2,13.00,USD,,,DE,2026-12-03 10:00"))
                .isInstanceOfSatisfying(MappedRecord.Rejected.class, bad -> {
                    assertThat(bad.reasonCode()).isEqualTo("RULE_ADDRESS");
                    assertThat(bad.reason()).contains("country = 'DE'", "allowed: [CA, US]");
                });
        assertThat(map("MARKETPLACE", "M-5,1,A,2,13.00,USD,,,ca,2026-12-03 10:00"))
                .isInstanceOf(MappedRecord.Events.class);
    }

    @Test
    void accountOverridesReplaceTheDefaultsKeyByKey() {
        ValidationRules rules = engine.catalog().rules("wholesale-portal");

        RuleSet vendor = rules.forAccount("V1");
        RuleSet marketplace = rules.forAccount("MARKETPLACE");

        assertThat(vendor.sku()).isEqualTo(RuleSet.SkuRule.CREATE);
        assertThat(vendor.duplicateWindow()).isNull();
        assertThat(vendor.priceTolerancePercent()).isNull();
        assertThat(marketplace.sku()).isEqualTo(RuleSet.SkuRule.KNOWN);
        assertThat(marketplace.duplicateWindow()).isEqualTo(Duration.ofHours(24));
        assertThat(marketplace.priceTolerancePercent()).isEqualByComparingTo(BigDecimal.TEN);
        assertThat(engine.catalog().rules("no-such-channel").forAccount("X"))
                .isEqualTo(RuleSet.NONE);
    }

    @Test
    void aMistakeInTheRulesStopsTheStartNamingFileAndKey(@TempDir Path root)
            throws IOException {
        Path channel = Files.createDirectories(root.resolve("shop"));
        Files.writeString(channel.resolve("rules.yaml"), "defaults:\n  requried: [email]\n");

        assertThatThrownBy(() -> MappingCatalog.load(root))
                .hasMessageContaining("shop/rules.yaml")
                .hasMessageContaining("defaults.requried is not a rule");

        Files.writeString(channel.resolve("rules.yaml"), "defaults:\n  required: [email]\n");
        assertThatThrownBy(() -> MappingCatalog.load(root))
                .hasMessageContaining("fact 'email' is not declared under facts");
    }

    private MappedRecord map(String account, String row) {
        List<MappedRecord> records = engine.map(new InboundMessage(1L, "wholesale-portal",
                account, "orders", "orders.csv",
                (HEADER + row + "\n").getBytes(StandardCharsets.UTF_8),
                Map.of("legalEntity", "US-RETAIL", "location", "L1",
                        "receivedAt", "2026-12-03T16:00:00Z")));
        assertThat(records).hasSize(1);
        return records.get(0);
    }
}
