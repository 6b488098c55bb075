package org.consignmenthub.intake;

import java.math.BigDecimal;
import java.util.List;
import org.consignmenthub.canonical.CanonicalEvent;
import org.consignmenthub.canonical.CountRecorded;
import org.consignmenthub.canonical.DocumentLine;
import org.consignmenthub.canonical.OrderAcknowledged;
import org.consignmenthub.canonical.OrderCancelled;
import org.consignmenthub.canonical.OrderLine;
import org.consignmenthub.canonical.OrderPlaced;
import org.consignmenthub.canonical.OrderRevised;
import org.consignmenthub.canonical.PurchaseReceived;
import org.consignmenthub.canonical.ReturnReceived;
import org.consignmenthub.canonical.SaleCompleted;
import org.consignmenthub.canonical.ShipmentConfirmed;
import org.consignmenthub.canonical.StockMoved;
import org.consignmenthub.canonical.VendorInvoiceReceived;
import org.consignmenthub.canonical.VendorStockReported;
import org.consignmenthub.canonical.WarehouseOrderReceived;

/**
 * The checks every canonical event passes whatever its channel: the fields the ledger needs
 * are present and quantities and amounts are in range. Each failure names the field.
 */
final class CanonicalValidation {

    /**
     * The most units one line, report or count may name. Far beyond any real stock, and it
     * keeps every quantity times price within what the books store (19 digits).
     */
    static final long MAX_QUANTITY = 1_000_000_000L;
    /** The highest unit price or cost the books take, for the same reason. */
    static final BigDecimal MAX_UNIT_PRICE = new BigDecimal("99999999.9999");

    private CanonicalValidation() {
    }

    static void check(CanonicalEvent event) {
        require(event.key().externalId(), "externalId");
        require(event.key().legalEntity(), "legalEntity");
        if (event.occurredAt() == null) {
            throw new InvalidEvent("occurredAt", "the business time is required");
        }
        if (event instanceof OrderPlaced e) {
            require(e.orderRef(), "orderRef");
            lines(e.lines());
        } else if (event instanceof SaleCompleted e) {
            require(e.orderRef(), "orderRef");
            lines(e.lines());
        } else if (event instanceof ShipmentConfirmed e) {
            require(e.orderRef(), "orderRef");
            require(e.shipmentRef(), "shipmentRef");
            lines(e.lines());
        } else if (event instanceof OrderCancelled e) {
            require(e.orderRef(), "orderRef");
        } else if (event instanceof OrderRevised e) {
            revision(e);
        } else if (event instanceof ReturnReceived e) {
            require(e.sku(), "sku");
            require(e.location(), "location");
            positive(e.quantity(), "quantity");
            matchedByLocationOnly(e);
        } else if (event instanceof VendorStockReported e) {
            stockReport(e);
        } else if (event instanceof PurchaseReceived e) {
            require(e.sku(), "sku");
            require(e.location(), "location");
            require(e.currency(), "currency");
            positive(e.quantity(), "quantity");
            if (e.unitCost() == null || e.unitCost().signum() < 0) {
                throw new InvalidEvent("unitCost", "a unit cost of zero or more is required");
            }
            belowMaxPrice(e.unitCost(), "unitCost");
        } else if (event instanceof CountRecorded e) {
            require(e.session(), "session");
            require(e.location(), "location");
            require(e.sku(), "sku");
            if (e.countedQuantity() < 0) {
                throw new InvalidEvent("counted_qty", "a counted quantity cannot be negative,"
                        + " was " + e.countedQuantity());
            }
            belowMaxQuantity(e.countedQuantity(), "counted_qty");
        } else if (event instanceof StockMoved e) {
            require(e.sku(), "sku");
            require(e.fromLocation(), "fromLocation");
            require(e.toLocation(), "toLocation");
            positive(e.quantity(), "quantity");
        } else {
            partnerDocument(event);
        }
    }

    /** A return matched by its location cannot also name a sale: which would count? */
    private static void matchedByLocationOnly(ReturnReceived e) {
        if (!e.matchedByLocation()) {
            return;
        }
        if (e.orderRef() != null) {
            throw new InvalidEvent("orderRef", "must be null when the return is matched by"
                    + " location, was " + e.orderRef());
        }
        if (e.lineRef() != null) {
            throw new InvalidEvent("lineRef", "must be null when the return is matched by"
                    + " location, was " + e.lineRef());
        }
    }

    private static void partnerDocument(CanonicalEvent event) {
        if (event instanceof VendorInvoiceReceived e) {
            require(e.vendor(), "vendor");
            require(e.invoiceNumber(), "invoiceNumber");
            if (e.kind() == null) {
                throw new InvalidEvent("kind", "INVOICE or CREDIT_NOTE is required");
            }
            if (e.currency() == null || !e.currency().matches("[A-Z]{3}")) {
                throw new InvalidEvent("currency", "an ISO 4217 code is required, was "
                        + e.currency());
            }
            if (e.references() == null) {
                throw new InvalidEvent("references", "a list (maybe empty) is required");
            }
            documentLines(e.lines());
        } else if (event instanceof OrderAcknowledged e) {
            require(e.orderRef(), "orderRef");
            if (e.status() == null) {
                throw new InvalidEvent("status", "ACCEPTED, ACCEPTED_WITH_CHANGES or REJECTED"
                        + " is required");
            }
            if (e.lines() == null) {
                throw new InvalidEvent("lines", "a list (maybe empty) is required");
            }
        } else if (event instanceof WarehouseOrderReceived e) {
            require(e.orderRef(), "orderRef");
            require(e.warehouse(), "warehouse");
            documentLines(e.lines());
        }
    }

    private static void documentLines(List<DocumentLine> lines) {
        if (lines == null || lines.isEmpty()) {
            throw new InvalidEvent("lines", "at least one line is required");
        }
        for (int i = 0; i < lines.size(); i++) {
            DocumentLine line = lines.get(i);
            require(line.lineRef(), "lines[" + i + "].lineRef");
            if (line.quantity() == null || line.quantity().signum() <= 0) {
                throw new InvalidEvent("lines[" + i + "].quantity", "must be above zero, was "
                        + line.quantity());
            }
        }
    }

    private static void revision(OrderRevised e) {
        require(e.orderRef(), "orderRef");
        if (e.financialStatus() == null) {
            throw new InvalidEvent("financialStatus", "is required");
        }
        if (e.lines() == null) {
            throw new InvalidEvent("lines", "a list of lines is required, even an empty one");
        }
        for (int i = 0; i < e.lines().size(); i++) {
            OrderRevised.Line line = e.lines().get(i);
            String at = "lines[" + i + "].";
            require(line.lineRef(), at + "lineRef");
            require(line.sku(), at + "sku");
            require(line.location(), at + "location");
            if (line.quantity() < 0) {
                throw new InvalidEvent(at + "quantity", "cannot be negative, was "
                        + line.quantity());
            }
        }
    }

    private static void stockReport(VendorStockReported e) {
        require(e.vendor(), "vendor");
        require(e.sku(), "sku");
        require(e.location(), "location");
        if (e.kind() == null) {
            throw new InvalidEvent("kind",
                    "RECEIPT, SNAPSHOT, ADJUSTMENT or RETURN_TO_VENDOR is required");
        }
        if (e.kind() == VendorStockReported.Kind.ADJUSTMENT) {
            require(e.reference(), "reason");
            if (e.quantity() == 0) {
                throw new InvalidEvent("quantity", "an adjustment must change the level");
            }
        } else if (e.kind() != VendorStockReported.Kind.SNAPSHOT) {
            positive(e.quantity(), "quantity");
        } else if (e.quantity() < 0) {
            throw new InvalidEvent("quantity", "a stock level cannot be negative, was "
                    + e.quantity());
        }
        belowMaxQuantity(e.quantity(), "quantity");
    }

    private static void lines(List<OrderLine> lines) {
        if (lines == null || lines.isEmpty()) {
            throw new InvalidEvent("lines", "at least one line is required");
        }
        for (int i = 0; i < lines.size(); i++) {
            OrderLine line = lines.get(i);
            String at = "lines[" + i + "].";
            require(line.lineRef(), at + "lineRef");
            require(line.sku(), at + "sku");
            positive(line.quantity(), at + "quantity");
            require(line.location(), at + "location");
            BigDecimal price = line.unitPrice();
            if (price != null && price.signum() < 0) {
                throw new InvalidEvent(at + "unitPrice", "cannot be negative, was " + price);
            }
            if (price != null) {
                belowMaxPrice(price, at + "unitPrice");
            }
        }
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidEvent(field, "is required");
        }
    }

    private static void positive(long quantity, String field) {
        if (quantity <= 0) {
            throw new InvalidEvent(field, "must be a positive whole number, was " + quantity);
        }
        belowMaxQuantity(quantity, field);
    }

    private static void belowMaxQuantity(long quantity, String field) {
        if (quantity > MAX_QUANTITY) {
            throw new InvalidEvent(field, "must be a whole number of at most " + MAX_QUANTITY
                    + ", was " + quantity);
        }
    }

    private static void belowMaxPrice(BigDecimal price, String field) {
        if (price.compareTo(MAX_UNIT_PRICE) > 0) {
            throw new InvalidEvent(field, "must be at most " + MAX_UNIT_PRICE.toPlainString()
                    + ", was " + price.toPlainString());
        }
    }

    /** An event that is well-formed JSON but misses or misstates a field. */
    static final class InvalidEvent extends IllegalArgumentException {

        private final String field;

        InvalidEvent(String field, String reason) {
            super(field + " " + reason);
            this.field = field;
        }

        String field() {
            return field;
        }
    }
}
