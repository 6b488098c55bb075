package org.consignmenthub.ledger;

/** One stock position: units of one owner, of one SKU, in one bucket at one location. */
public record StockKey(String legalEntity, String location, String sku, String owner,
        Bucket bucket) {

    public StockKey in(Bucket other) {
        return new StockKey(legalEntity, location, sku, owner, other);
    }

    public StockKey at(String otherLocation) {
        return new StockKey(legalEntity, otherLocation, sku, owner, bucket);
    }

    @Override
    public String toString() {
        return owner + " " + sku + "/" + location + " " + bucket;
    }
}
