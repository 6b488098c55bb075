package org.consignmenthub.processing;

import java.time.Instant;
import java.util.List;
import org.consignmenthub.billing.SelfBilling;
import org.consignmenthub.canonical.CanonicalEvent;
import org.consignmenthub.canonical.CountRecorded;
import org.consignmenthub.canonical.OrderAcknowledged;
import org.consignmenthub.canonical.OrderCancelled;
import org.consignmenthub.canonical.OrderLine;
import org.consignmenthub.canonical.OrderPlaced;
import org.consignmenthub.canonical.OrderRevised;
import org.consignmenthub.canonical.PurchaseReceived;
import org.consignmenthub.canonical.Refusal;
import org.consignmenthub.canonical.ReturnReceived;
import org.consignmenthub.canonical.SaleCompleted;
import org.consignmenthub.canonical.ShipmentConfirmed;
import org.consignmenthub.canonical.StockMoved;
import org.consignmenthub.canonical.VendorInvoiceReceived;
import org.consignmenthub.canonical.VendorStockReported;
import org.consignmenthub.canonical.WarehouseOrderReceived;
import org.consignmenthub.catalog.Catalog;
import org.consignmenthub.catalog.Owners;
import org.consignmenthub.documents.PartnerDocuments;
import org.consignmenthub.ledger.Bucket;
import org.consignmenthub.ledger.ChannelOrders;
import org.consignmenthub.ledger.OrderFulfilment;
import org.consignmenthub.ledger.OrderLineKey;
import org.consignmenthub.ledger.RetailerValuation;
import org.consignmenthub.ledger.StockKey;
import org.consignmenthub.ledger.StockLedger;
import org.consignmenthub.ownership.TitleTransfer;
import org.consignmenthub.ownership.TitleTransfers;
import org.consignmenthub.reconciliation.CountSessions;
import org.consignmenthub.reconciliation.VendorSnapshots;
import org.consignmenthub.returns.CustomerReturns;
import org.consignmenthub.returns.StoreReturns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consignment cycle, one canonical event at a time: stock comes in from vendors and
 * suppliers, order lines reserve it, sales and shipments pass title and bill the vendor's
 * invoice, returns reverse it. Runs inside the caller's transaction.
 */
public class ConsignmentCycle {

    private static final Logger log = LoggerFactory.getLogger(ConsignmentCycle.class);

    private final StockLedger ledger;
    private final OrderFulfilment fulfilment;
    private final TitleTransfers titleTransfers;
    private final SelfBilling billing;
    private final CustomerReturns returns;
    private final StoreReturns storeReturns;
    private final RetailerValuation valuation;
    private final Catalog catalog;
    private final CountSessions counts;
    private final VendorSnapshots snapshots;
    private final PartnerDocuments documents;
    private final ChannelOrders orders;

    public ConsignmentCycle(StockLedger ledger, OrderFulfilment fulfilment,
            TitleTransfers titleTransfers, SelfBilling billing, CustomerReturns returns,
            StoreReturns storeReturns, RetailerValuation valuation, Catalog catalog,
            CountSessions counts, VendorSnapshots snapshots, PartnerDocuments documents,
            ChannelOrders orders) {
        this.ledger = ledger;
        this.fulfilment = fulfilment;
        this.titleTransfers = titleTransfers;
        this.billing = billing;
        this.returns = returns;
        this.storeReturns = storeReturns;
        this.valuation = valuation;
        this.catalog = catalog;
        this.counts = counts;
        this.snapshots = snapshots;
        this.documents = documents;
        this.orders = orders;
    }

    public void apply(CanonicalEvent event) {
        if (event instanceof VendorStockReported e) {
            vendorStock(e);
        } else if (event instanceof PurchaseReceived e) {
            purchase(e);
        } else if (event instanceof StockMoved e) {
            move(e);
        } else if (event instanceof OrderPlaced e) {
            eachLine(e, e.orderRef(), e.lines(), (key, facts) ->
                    fulfilment.order(key, facts, e.occurredAt(), cause(e)), e.customerRef(),
                    e.currency());
        } else if (event instanceof SaleCompleted e) {
            eachLine(e, e.orderRef(), e.lines(), (key, facts) -> {
                fulfilment.sell(key, facts, e.occurredAt(), cause(e));
                passTitle(key, cause(e));
            }, e.customerRef(), e.currency());
        } else if (event instanceof ShipmentConfirmed e) {
            eachLine(e, e.orderRef(), e.lines(), (key, facts) -> {
                if (fulfilment.ship(key, e.shipmentRef(), facts, e.occurredAt(), cause(e))) {
                    passTitle(key, cause(e));
                }
            }, null, null);
        } else if (event instanceof OrderCancelled e) {
            fulfilment.cancel(e.key().legalEntity(), e.key().channel(), e.orderRef(),
                    e.occurredAt(), cause(e));
            log.info("Order cancelled channel={} order={}", e.key().channel(), e.orderRef());
        } else if (event instanceof OrderRevised e) {
            revise(e);
        } else if (event instanceof ReturnReceived e && e.matchedByLocation()) {
            storeReturn(e);
        } else if (event instanceof ReturnReceived e) {
            customerReturn(e);
        } else if (event instanceof CountRecorded e) {
            counts.recordFileLine(e);
        } else if (event instanceof VendorInvoiceReceived
                || event instanceof OrderAcknowledged
                || event instanceof WarehouseOrderReceived) {
            // Documents the ledger does not move on: recorded for operations, nothing booked.
            documents.record(event);
        }
    }

    private interface LineStep {
        void apply(OrderLineKey key, OrderFulfilment.LineFacts facts);
    }

    private static void eachLine(CanonicalEvent event, String orderRef, List<OrderLine> lines,
            LineStep step, String customerRef, String currency) {
        for (OrderLine line : lines) {
            OrderLineKey key = new OrderLineKey(event.key().legalEntity(), event.key().channel(),
                    orderRef, line.lineRef());
            step.apply(key, new OrderFulfilment.LineFacts(line.sku(), line.quantity(),
                    line.unitPrice(), currency, line.location(), customerRef));
        }
    }

    private void passTitle(OrderLineKey key, String cause) {
        for (TitleTransfer transfer : titleTransfers.settle(key, cause)) {
            long line = billing.invoice(new SelfBilling.LineRequest(transfer.legalEntity(),
                    transfer.vendor(), transfer.agreementId(), transfer.id(), null,
                    transfer.sku(), transfer.quantity(), transfer.unitPrice(),
                    transfer.currency(), transfer.transferredAt(), cause));
            log.info("Title transferred vendor={} sku={} location={} order={} line={} qty={}"
                    + " unitPrice={} transferId={} invoiceLine={}", transfer.vendor(),
                    transfer.sku(), transfer.location(), transfer.orderRef(),
                    transfer.lineRef(), transfer.quantity(), transfer.unitPrice(),
                    transfer.id(), line);
        }
    }

    /**
     * Applies a revision of an order that was placed, unless a newer one was applied
     * already: lines take their current quantities, a paid order sells them (title passes
     * as far as they shipped), a cancelled one releases what did not ship.
     */
    private void revise(OrderRevised e) {
        String legalEntity = e.key().legalEntity();
        String channel = e.key().channel();
        if (!orders.placed(legalEntity, channel, e.orderRef())) {
            throw new OrderNotPlacedYet(channel, e.orderRef());
        }
        if (!orders.keepIfNewer(e)) {
            log.info("Order revision older than the one applied, ignored channel={} order={}"
                    + " revisedAt={}", channel, e.orderRef(), e.occurredAt());
            return;
        }

        for (OrderRevised.Line line : e.lines()) {
            OrderLineKey key = new OrderLineKey(legalEntity, channel, e.orderRef(),
                    line.lineRef());
            OrderFulfilment.LineFacts facts = new OrderFulfilment.LineFacts(line.sku(),
                    line.quantity(), line.unitPrice(), e.currency(), line.location(), null);
            fulfilment.revise(key, facts, e.occurredAt(), cause(e));
            if (e.financialStatus().sold() && line.quantity() > 0) {
                fulfilment.sell(key, facts, e.occurredAt(), cause(e));
                passTitle(key, cause(e));
            }
        }
        if (e.cancelledAt() != null) {
            fulfilment.cancel(legalEntity, channel, e.orderRef(), e.cancelledAt(), cause(e));
        }
        log.info("Order revised channel={} order={} revisedAt={} financialStatus={}"
                + " cancelled={}", channel, e.orderRef(), e.occurredAt(), e.financialStatus(),
                e.cancelledAt() != null);
    }

    private void vendorStock(VendorStockReported e) {
        String legalEntity = e.key().legalEntity();
        Catalog.ItemRecord item = requireItem(legalEntity, e.sku());
        if (!e.vendor().equals(item.vendor())) {
            throw new Refusal("NOT_VENDORS_SKU", "sku", "SKU " + e.sku()
                    + " is not consigned by vendor " + e.vendor());
        }
        requireLocation(legalEntity, e.location());
        StockKey available = new StockKey(legalEntity, e.location(), e.sku(), e.vendor(),
                Bucket.AVAILABLE);
        switch (e.kind()) {
            case RECEIPT -> ledger.increase(available, e.quantity(), "RECEIPT", cause(e),
                    e.occurredAt());
            case SNAPSHOT -> {
                snapshots.record(legalEntity, e.vendor(), e.location(), e.sku(),
                        e.quantity(), e.occurredAt(), cause(e));
                long difference = e.quantity() - ledger.quantity(available);
                if (difference > 0) {
                    ledger.increase(available, difference, "LEVEL_REPORTED", cause(e),
                            e.occurredAt());
                } else if (difference < 0) {
                    ledger.decrease(available, -difference, "LEVEL_REPORTED", cause(e),
                            e.occurredAt());
                }
            }
            case ADJUSTMENT -> {
                if (e.quantity() > 0) {
                    ledger.increase(available, e.quantity(), "VENDOR_ADJUSTMENT", cause(e),
                            e.occurredAt());
                } else {
                    ledger.decrease(available, -e.quantity(), "VENDOR_ADJUSTMENT", cause(e),
                            e.occurredAt());
                }
            }
            case RETURN_TO_VENDOR -> ledger.decrease(available, e.quantity(),
                    "RETURN_TO_VENDOR", cause(e), e.occurredAt());
        }
        log.info("Vendor stock applied vendor={} sku={} location={} kind={} qty={}",
                e.vendor(), e.sku(), e.location(), e.kind(), e.quantity());
    }

    private void purchase(PurchaseReceived e) {
        String legalEntity = e.key().legalEntity();
        requireItem(legalEntity, e.sku());
        requireLocation(legalEntity, e.location());
        valuation.recordPurchase(legalEntity, e.sku(), e.quantity(), e.unitCost(),
                e.currency());
        ledger.increase(new StockKey(legalEntity, e.location(), e.sku(), Owners.RETAILER,
                Bucket.AVAILABLE), e.quantity(), "PURCHASE_RECEIPT", cause(e), e.occurredAt());
    }

    private Catalog.ItemRecord requireItem(String legalEntity, String sku) {
        return catalog.item(legalEntity, sku).orElseThrow(() -> new Refusal("UNKNOWN_SKU",
                "sku", "SKU " + sku + " is not in the catalog of " + legalEntity));
    }

    private void move(StockMoved e) {
        String legalEntity = e.key().legalEntity();
        requireItem(legalEntity, e.sku());
        requireLocation(legalEntity, e.fromLocation());
        requireLocation(legalEntity, e.toLocation());
        if (e.fromLocation().equals(e.toLocation())) {
            throw new Refusal("SAME_LOCATION", "toLocation", "a move from " + e.fromLocation()
                    + " to itself moves nothing");
        }
        String owner = e.owner();
        if (owner == null || owner.isBlank()) {
            List<String> holders = ledger.ownersHolding(legalEntity, e.fromLocation(), e.sku(),
                    Bucket.AVAILABLE);
            if (holders.isEmpty()) {
                throw new Refusal("INSUFFICIENT_STOCK", "quantity", "nobody holds " + e.sku()
                        + " available at " + e.fromLocation());
            }
            if (holders.size() > 1) {
                throw new Refusal("OWNER_REQUIRED", "owner", "owners " + holders + " hold "
                        + e.sku() + " at " + e.fromLocation() + "; the move must name one");
            }
            owner = holders.get(0);
        }
        StockKey from = new StockKey(legalEntity, e.fromLocation(), e.sku(), owner,
                Bucket.AVAILABLE);
        ledger.move(from, from.at(e.toLocation()), e.quantity(), "LOCATION_MOVE", cause(e),
                e.occurredAt());
        log.info("Stock moved owner={} sku={} from={} to={} qty={}", owner, e.sku(),
                e.fromLocation(), e.toLocation(), e.quantity());
    }

    private void customerReturn(ReturnReceived e) {
        String legalEntity = e.key().legalEntity();
        for (CustomerReturns.Reversal reversal : returns.receive(legalEntity, e, cause(e))) {
            credit(e, reversal);
        }
        log.info("Return accepted channel={} return={} sku={} location={} qty={}",
                e.key().channel(), e.returnRef(), e.sku(), e.location(), e.quantity());
    }

    /** A return the partner could not tie to a sale, matched to the sales at its location. */
    private void storeReturn(ReturnReceived e) {
        String legalEntity = e.key().legalEntity();
        List<CustomerReturns.Reversal> reversals = storeReturns.receive(legalEntity, e,
                cause(e));
        for (CustomerReturns.Reversal reversal : reversals) {
            credit(e, reversal);
        }
        log.info("Return accepted by location channel={} return={} sku={} location={} qty={}"
                + " transfers={}", e.key().channel(), e.returnRef(), e.sku(), e.location(),
                e.quantity(), reversals.stream().map(r -> r.transferId() + "x" + r.quantity())
                        .toList());
    }

    /** Credits the vendor for one reversed transfer, at that transfer's price. */
    private void credit(ReturnReceived e, CustomerReturns.Reversal reversal) {
        long invoiceLine = billing.invoiceLineOf(reversal.transferId());
        billing.credit(new SelfBilling.LineRequest(e.key().legalEntity(), reversal.vendor(),
                reversal.agreementId(), reversal.transferId(), invoiceLine, reversal.sku(),
                reversal.quantity(), reversal.unitPrice(), reversal.currency(),
                e.occurredAt(), cause(e)));
    }

    private void requireLocation(String legalEntity, String location) {
        if (!catalog.locationExists(legalEntity, location)) {
            throw new Refusal("UNKNOWN_LOCATION", "location", "location " + location
                    + " is not in the catalog of " + legalEntity);
        }
    }

    private static String cause(CanonicalEvent event) {
        return event.key().toString();
    }

}
