package org.consignmenthub.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.consignmenthub.cases.CaseEvents.key;
import static org.consignmenthub.cases.CaseEvents.receipt;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.consignmenthub.canonical.PurchaseReceived;
import org.consignmenthub.canonical.StockMoved;
import org.consignmenthub.testing.HubIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Field case B03: a move between locations keeps the owner of the units it moves. Without
 * an owner the move takes the only owner holding the SKU at the source; with several it is
 * refused, and a move larger than the owner's stock is refused, changing nothing.
 */
class LocationMoveTest extends HubIntegrationTest {

    @BeforeEach
    void vendorHoldsTenAtL1() {
        books.apply(receipt("E-B03-0", "V1", "A", "L1", 10));
    }

    @Test
    void moveWithoutOwnerTakesTheOnlyOwnerAtTheSource() {
        books.apply(move("E-B03-1", null, 3, "2026-12-02T09:00:00-05:00"));

        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(7);
        assertThat(books.onHand("V1", "A", "L2")).isEqualTo(3);
        assertThat(books.onHand("RETAILER", "A", "L1")).isZero();
        assertThat(books.onHand("RETAILER", "A", "L2")).isZero();
        assertThat(vendorTotal()).isEqualTo(10);
        assertThat(books.jdbc().queryForObject(
                "select count(*) from stock_position where quantity < 0", Long.class)).isZero();
        assertThat(books.jdbc().queryForList("""
                select owner, location, quantity from stock_movement
                where reason = 'LOCATION_MOVE' order by id""")).containsExactly(
                Map.of("owner", "V1", "location", "L1", "quantity", -3L),
                Map.of("owner", "V1", "location", "L2", "quantity", 3L));
        assertThat(books.billingLines("V1")).isEmpty();
        assertThat(books.deadLetters()).isEmpty();
    }

    @Test
    void moveOfMoreThanTheOwnerHoldsIsRejectedAndChangesNothing() {
        books.apply(move("E-B03-1", null, 3, "2026-12-02T09:00:00-05:00"));
        long movements = movementCount();

        books.apply(move("E-B03-2", "V1", 12, "2026-12-02T09:05:00-05:00"));

        List<Map<String, Object>> rejected = books.deadLetters();
        assertThat(rejected).singleElement().satisfies(entry -> {
            assertThat(entry).containsEntry("reason_code", "INSUFFICIENT_STOCK")
                    .containsEntry("field", "quantity")
                    .containsEntry("stage", "PROCESSING");
            assertThat(new String((byte[]) entry.get("raw_record"), StandardCharsets.UTF_8))
                    .contains("\"externalId\":\"E-B03-2\"").contains("\"quantity\":12");
        });
        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(7);
        assertThat(books.onHand("V1", "A", "L2")).isEqualTo(3);
        assertThat(vendorTotal()).isEqualTo(10);
        assertThat(movementCount()).isEqualTo(movements);
        assertThat(books.billingLines("V1")).isEmpty();
    }

    @Test
    void moveWithoutOwnerWhereSeveralOwnersHoldTheSkuIsRejected() {
        books.apply(new PurchaseReceived(key("cases", "PurchaseReceived", "E-B03-P"), "V2",
                "L1", "A", 2, new BigDecimal("8.00"), "USD",
                Instant.parse("2026-12-01T10:00:00-05:00")));
        long movements = movementCount();

        books.apply(move("E-B03-3", null, 3, "2026-12-02T09:10:00-05:00"));

        assertThat(books.deadLetters()).singleElement().satisfies(entry ->
                assertThat(entry).containsEntry("reason_code", "OWNER_REQUIRED")
                        .containsEntry("field", "owner"));
        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(10);
        assertThat(books.onHand("RETAILER", "A", "L1")).isEqualTo(2);
        assertThat(books.onHand("V1", "A", "L2")).isZero();
        assertThat(movementCount()).isEqualTo(movements);

        books.apply(move("E-B03-4", "RETAILER", 2, "2026-12-02T09:15:00-05:00"));

        assertThat(books.onHand("RETAILER", "A", "L1")).isZero();
        assertThat(books.onHand("RETAILER", "A", "L2")).isEqualTo(2);
        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(10);
        assertThat(books.onHand("V1", "A", "L2")).isZero();
    }

    @Test
    void moveOfASkuTheCatalogDoesNotKnowIsRefusedAsUnknown() {
        books.apply(new StockMoved(key("stock-moves-api", "StockMoved", "E-B03-9"), "NOPE",
                null, "L1", "L2", 1, Instant.parse("2026-12-02T09:10:00-05:00")));

        assertThat(books.deadLetters()).singleElement().satisfies(entry -> assertThat(entry)
                .containsEntry("reason_code", "UNKNOWN_SKU").containsEntry("field", "sku"));
        assertThat(vendorTotal()).isEqualTo(10);
    }

    private static StockMoved move(String id, String owner, long quantity, String at) {
        return new StockMoved(key("stock-moves-api", "StockMoved", id), "A", owner, "L1", "L2",
                quantity, Instant.parse(at));
    }

    private long vendorTotal() {
        return books.onHand("V1", "A", "L1") + books.onHand("V1", "A", "L2");
    }

    private long movementCount() {
        return books.jdbc().queryForObject("select count(*) from stock_movement", Long.class);
    }
}
