package org.consignmenthub.canonical;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/**
 * A business fact reported by a channel, in the one shape every channel maps into. The
 * business time comes from the event itself, never from the moment it was received.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = OrderPlaced.class, name = "OrderPlaced"),
    @JsonSubTypes.Type(value = OrderCancelled.class, name = "OrderCancelled"),
    @JsonSubTypes.Type(value = OrderRevised.class, name = "OrderRevised"),
    @JsonSubTypes.Type(value = SaleCompleted.class, name = "SaleCompleted"),
    @JsonSubTypes.Type(value = ShipmentConfirmed.class, name = "ShipmentConfirmed"),
    @JsonSubTypes.Type(value = ReturnReceived.class, name = "ReturnReceived"),
    @JsonSubTypes.Type(value = VendorStockReported.class, name = "VendorStockReported"),
    @JsonSubTypes.Type(value = PurchaseReceived.class, name = "PurchaseReceived"),
    @JsonSubTypes.Type(value = StockMoved.class, name = "StockMoved"),
    @JsonSubTypes.Type(value = CountRecorded.class, name = "CountRecorded"),
    @JsonSubTypes.Type(value = VendorInvoiceReceived.class, name = "VendorInvoiceReceived"),
    @JsonSubTypes.Type(value = OrderAcknowledged.class, name = "OrderAcknowledged"),
    @JsonSubTypes.Type(value = WarehouseOrderReceived.class, name = "WarehouseOrderReceived")
})
public sealed interface CanonicalEvent
        permits OrderPlaced, OrderCancelled, OrderRevised, SaleCompleted, ShipmentConfirmed,
                ReturnReceived, VendorStockReported, PurchaseReceived, StockMoved, CountRecorded,
                VendorInvoiceReceived, OrderAcknowledged, WarehouseOrderReceived {

    EventKey key();

    /** When the business says it happened. */
    Instant occurredAt();
}
